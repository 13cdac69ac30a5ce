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
 *
 * <p>After an event, fact lines may carry what the event does not ({@link RunFacts}): {@code {"bridle":"sets",
 * "seq":N,"sets":{…}}} after the {@code tool.completed} event {@code N}, and {@code {"bridle":"summary","seq":N,
 * "text":…}} after the {@code context.compacted} event {@code N}.
 */
public final class RunJournal {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Set<String>, Class<? extends RunEvent>> BY_FIELDS = byFields();

    private RunJournal() {}

    /** The header line: what the run was. */
    public record Header(String harness, String model, String task) {}

    /** A journal read back. */
    public record Recorded(Optional<Header> header, List<RunEvent> events, RunFacts facts) {

        /** A recording with no facts beyond its events. */
        public Recorded(Optional<Header> header, List<RunEvent> events) {
            this(header, events, RunFacts.NONE);
        }
    }

    /** The journal text of a run, without facts. */
    public static String write(Header header, List<RunEvent> events) {
        return write(header, events, RunFacts.NONE);
    }

    /** The journal text of a run, with the facts its events do not carry. */
    public static String write(Header header, List<RunEvent> events, RunFacts facts) {
        StringBuilder sb = new StringBuilder();
        ObjectNode h = JSON.createObjectNode();
        h.put("bridle", "run");
        h.put("harness", header.harness());
        h.put("model", header.model());
        h.put("task", header.task());
        sb.append(h).append('\n');
        for (RunEvent e : events) {
            sb.append(line(e)).append('\n');
            Map<String, Object> sets = facts.sets().get(e.seq());
            if (sets != null) {
                ObjectNode f = JSON.createObjectNode();
                f.put("bridle", "sets");
                f.put("seq", e.seq());
                f.set("sets", JSON.valueToTree(sets));
                sb.append(f).append('\n');
            }
            String summary = facts.summaries().get(e.seq());
            if (summary != null) {
                ObjectNode f = JSON.createObjectNode();
                f.put("bridle", "summary");
                f.put("seq", e.seq());
                f.put("text", summary);
                sb.append(f).append('\n');
            }
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
        Map<Long, Map<String, Object>> sets = new LinkedHashMap<>();
        Map<Long, String> summaries = new LinkedHashMap<>();
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
            if (o.has("bridle")) {
                fact(o, where, sets, summaries);
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
        return new Recorded(header, events, new RunFacts(sets, summaries));
    }

    @SuppressWarnings("unchecked")
    private static void fact(ObjectNode o, String where, Map<Long, Map<String, Object>> sets,
            Map<Long, String> summaries) throws IOException {
        String what = o.path("bridle").asText();
        if (!o.path("seq").canConvertToLong()) {
            throw new IOException(where + "a '" + what + "' line needs the seq of its event");
        }
        long seq = o.get("seq").asLong();
        switch (what) {
            case "sets" -> {
                if (!o.path("sets").isObject()) {
                    throw new IOException(where + "a 'sets' line needs an object 'sets'");
                }
                sets.put(seq, JSON.convertValue(o.get("sets"), Map.class));
            }
            case "summary" -> {
                if (!o.path("text").isTextual()) {
                    throw new IOException(where + "a 'summary' line needs a text 'text'");
                }
                summaries.put(seq, o.get("text").asText());
            }
            default -> throw new IOException(where + "unknown line kind 'bridle: " + what + "' (run, sets, summary)");
        }
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
