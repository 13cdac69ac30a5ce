package dev.bridle.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed YAML or JSON document that remembers where each element came from, so that every problem found later can
 * be reported as {@code file:line:col}.
 */
public final class SourceDocument {

    private static final ObjectMapper YAML = new ObjectMapper(
            YAMLFactory.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final ObjectMapper JSON = new ObjectMapper(
            JsonFactory.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private final String file;
    private final String text;
    private final JsonNode root;
    private final Map<String, Location> locations;
    private final Map<String, Location> valueLocations;

    private SourceDocument(String file, String text, JsonNode root, Map<String, Location> locations,
            Map<String, Location> valueLocations) {
        this.file = file;
        this.text = text;
        this.root = root;
        this.locations = locations;
        this.valueLocations = valueLocations;
    }

    /** Reads and parses a file; JSON when its name ends in {@code .json}, YAML otherwise. */
    public static SourceDocument read(Path path) throws DocumentException {
        String file = path.toString();
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DocumentException(Problem.error(Location.startOf(file), "", "no such file"));
        } catch (MalformedInputException e) {
            throw new DocumentException(Problem.error(Location.startOf(file), "", "the file is not UTF-8 text"));
        } catch (IOException e) {
            throw new DocumentException(
                    Problem.error(Location.startOf(file), "", "cannot read the file: " + describe(e)));
        }
        return parse(file, text);
    }

    /** Parses text that came from {@code file}; the name decides the syntax and appears in every location. */
    public static SourceDocument parse(String file, String text) throws DocumentException {
        ObjectMapper mapper = file.endsWith(".json") ? JSON : YAML;
        try {
            JsonNode root = mapper.readTree(text);
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw new DocumentException(Problem.error(Location.startOf(file), "", "the document is empty"));
            }
            Map<String, Location> locations = new HashMap<>();
            Map<String, Location> values = new HashMap<>();
            locate(mapper.getFactory(), file, text, locations, values);
            return new SourceDocument(file, text, root, locations, values);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            Location location = at == null
                    ? Location.startOf(file)
                    : new Location(file, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
            throw new DocumentException(Problem.error(location, "", syntaxMessage(e)));
        } catch (IOException e) {
            throw new DocumentException(Problem.error(Location.startOf(file), "", describe(e)));
        }
    }

    private static String syntaxMessage(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "the document does not parse";
        }
        // SnakeYAML repeats the position and an excerpt after the first line; the location already says where.
        int newline = message.indexOf('\n');
        String first = (newline < 0 ? message : message.substring(0, newline)).strip();
        return "syntax error: " + first;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Walks the token stream once and records the location of every key and array element by JSON pointer. */
    private static void locate(JsonFactory factory, String file, String text, Map<String, Location> out,
            Map<String, Location> values) throws IOException {
        Deque<Object> path = new ArrayDeque<>(); // String for a field, int[] counter for an array
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                JsonLocation l = p.currentTokenLocation();
                Location here = new Location(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
                if (t == JsonToken.FIELD_NAME) {
                    if (!path.isEmpty() && path.peek() instanceof String) {
                        path.pop();
                    }
                    path.push(p.currentName());
                    out.putIfAbsent(pointer(path), here);
                    continue;
                }
                if (!path.isEmpty() && path.peek() instanceof int[] counter) {
                    if (t != JsonToken.END_ARRAY) {
                        counter[0]++;
                        out.putIfAbsent(pointer(path), here);
                        values.putIfAbsent(pointer(path), here);
                    }
                } else if (!path.isEmpty() && path.peek() instanceof String && t != JsonToken.END_OBJECT) {
                    values.putIfAbsent(pointer(path), here);
                }
                if (path.isEmpty()) {
                    out.putIfAbsent("", here);
                }
                switch (t) {
                    case START_OBJECT -> path.push(OBJECT);
                    case START_ARRAY -> path.push(new int[] {-1});
                    case END_OBJECT -> {
                        if (!path.isEmpty() && path.peek() instanceof String) {
                            path.pop();
                        }
                        path.pop();
                    }
                    case END_ARRAY -> path.pop();
                    default -> {}
                }
            }
        }
    }

    private static final Object OBJECT = new Object();

    private static String pointer(Deque<Object> path) {
        StringBuilder sb = new StringBuilder();
        var it = path.descendingIterator();
        while (it.hasNext()) {
            Object o = it.next();
            if (o instanceof String s) {
                sb.append('/').append(s.replace("~", "~0").replace("/", "~1"));
            } else if (o instanceof int[] c) {
                sb.append('/').append(c[0]);
            }
        }
        return sb.toString();
    }

    public String file() {
        return file;
    }

    public String text() {
        return text;
    }

    public JsonNode root() {
        return root;
    }

    /**
     * The location of a position inside the scalar value at {@code pointer} (1-based line and column within the value),
     * for errors inside embedded text such as a CEL condition. Quoted one-line scalars are exact; otherwise the
     * value's own location is given.
     */
    public Location locateInValue(String pointer, int line, int column) {
        Location v = valueLocations.get(pointer);
        if (v == null) {
            return locate(pointer);
        }
        String[] lines = text.split("\n", -1);
        if (line == 1 && v.line() - 1 < lines.length) {
            String l = lines[v.line() - 1];
            int i = v.column() - 1;
            if (i < l.length() && (l.charAt(i) == '|' || l.charAt(i) == '>')) {
                return v;
            }
            boolean quoted = i < l.length() && (l.charAt(i) == '"' || l.charAt(i) == '\'');
            return new Location(file, v.line(), v.column() + column - 1 + (quoted ? 1 : 0));
        }
        return v;
    }

    /** The location of the element at {@code pointer}, or of its nearest located ancestor. */
    public Location locate(String pointer) {
        String p = pointer;
        while (true) {
            Location l = locations.get(p);
            if (l != null) {
                return l;
            }
            if (p.isEmpty()) {
                return Location.startOf(file);
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }
}
