package dev.bridle.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bridle.event.EventJson;
import dev.bridle.event.RunEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A run as JSON lines: an optional first header line {@code {"bridle":"run","harness":…,"model":…,"task":…}}, then
 * one event per line as {@link EventJson#write} writes it, with its {@code kind} added first. Lines without a
 * {@code kind} are accepted too: the kind is then known from the event's fields, which differ for every kind.
 */
public final class RunJournal {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Set<String>, Class<? extends RunEvent>> BY_FIELDS = byFields();

    private RunJournal() {}

    /** The header line: what the run was. */
    public record Header(String harness, String model, String task) {}

    /** A journal read back. */
    public record Recorded(Optional<Header> header, List<RunEvent> events) {}

    /** The journal text of a run. */
    public static String write(Header header, List<RunEvent> events) {
        StringBuilder sb = new StringBuilder();
        ObjectNode h = JSON.createObjectNode();
        h.put("bridle", "run");
        h.put("harness", header.harness());
        h.put("model", header.model());
        h.put("task", header.task());
        sb.append(h).append('\n');
        for (RunEvent e : events) {
            sb.append(line(e)).append('\n');
        }
        return sb.toString();
    }

    /** One event as a journal line. */
    public static String line(RunEvent e) {
        try {
            ObjectNode out = JSON.createObjectNode();
            out.put("kind", e.kind());
            out.setAll((ObjectNode) JSON.readTree(EventJson.write(e)));
            return out.toString();
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Reads a journal.
     *
     * @throws IOException naming the file and line of the first line that is not a run event
     */
    public static Recorded read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Optional<Header> header = Optional.empty();
        List<RunEvent> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty()) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new IOException(where + "not JSON (" + e.getOriginalMessage() + ")");
            }
            if (!(node instanceof ObjectNode o)) {
                throw new IOException(where + "not a JSON object");
            }
            if ("run".equals(o.path("bridle").asText())) {
                header = Optional.of(new Header(o.path("harness").asText(""), o.path("model").asText(""),
                        o.path("task").asText("")));
                continue;
            }
            String kind = o.has("kind") ? o.remove("kind").asText() : kindOf(o);
            if (kind == null) {
                throw new IOException(where + "not a run event (its fields " + fields(o) + " match no kind)");
            }
            try {
                events.add(EventJson.read(kind, o.toString()));
            } catch (IllegalArgumentException e) {
                throw new IOException(where + e.getMessage());
            }
        }
        return new Recorded(header, events);
    }

    private static String kindOf(ObjectNode o) {
        Class<? extends RunEvent> type = BY_FIELDS.get(fields(o));
        if (type == null) {
            return null;
        }
        return dev.bridle.event.EventKinds.kindOf(type);
    }

    private static Set<String> fields(ObjectNode o) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<Set<String>, Class<? extends RunEvent>> byFields() {
        Map<Set<String>, Class<? extends RunEvent>> out = new LinkedHashMap<>();
        for (Class<?> c : RunEvent.class.getPermittedSubclasses()) {
            Set<String> names = new TreeSet<>();
            Arrays.stream(c.getRecordComponents()).forEach(rc -> names.add(rc.getName()));
            out.put(names, (Class<? extends RunEvent>) c);
        }
        return out;
    }
}
