package dev.bridle.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A parsed YAML or JSON document that remembers where each element came from, so that every problem found later can
 * be reported as {@code file:line:col}. Reading is bounded by {@link DocumentLimits}, and every problem with the text
 * itself is worded here, in the project's words, at the line and column it concerns.
 */
public final class SourceDocument {

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            // One past our own depth check, which runs first and can say where the limit is passed.
            .maxNestingDepth(DocumentLimits.MAX_DEPTH + 1)
            .maxDocumentLength(DocumentLimits.SCENARIO.maxBytes())
            .maxStringLength(DocumentLimits.MAX_VALUE_CHARS)
            .maxNameLength(DocumentLimits.MAX_KEY_CHARS)
            .maxNumberLength(DocumentLimits.MAX_NUMBER_DIGITS)
            .build();
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(CONSTRAINTS)
            .build());
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(CONSTRAINTS)
            .build());

    /** Tags that only restate what a plain value already is; any other tag is refused. */
    private static final Set<String> PLAIN_TAGS = Set.of("", "tag:yaml.org,2002:str", "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map",
            "tag:yaml.org,2002:seq");

    /** Words that belong to a library rather than to a message for a person; a message with one is replaced. */
    private static final List<String> LIBRARY_WORDS =
            List.of("org.", "com.", "java.", "Exception", "Event", "()", "`", "jackson", "Jackson", "snakeyaml");

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

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(DocumentLimits.SCENARIO.maxBytes());
        options.setNestingDepthLimit(DocumentLimits.MAX_DEPTH + 1);
        options.setMaxAliasesForCollections(0);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    /** Reads and parses a harness file; JSON when its name ends in {@code .json}, YAML otherwise. */
    public static SourceDocument read(Path path) throws DocumentException {
        return read(path, DocumentLimits.HARNESS);
    }

    /**
     * Reads and parses a file within {@code limits}: only a regular file is opened (a pipe, device, socket or folder
     * is refused at once, without blocking), and its size is checked before a byte is read.
     */
    public static SourceDocument read(Path path, DocumentLimits limits) throws DocumentException {
        String file = path.toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw fileProblem(file, "no such file");
        } catch (AccessDeniedException e) {
            throw fileProblem(file, "cannot read the file: permission denied");
        } catch (IOException e) {
            throw fileProblem(file, "cannot read the file");
        }
        if (attributes.isDirectory()) {
            throw fileProblem(file, "a folder, not " + limits.kind() + " file");
        }
        if (!attributes.isRegularFile()) {
            throw fileProblem(file, specialKind(path) + ", not a regular file; " + limits.kind()
                    + " is read from a regular file only");
        }
        if (attributes.size() > limits.maxBytes()) {
            throw fileProblem(file, tooLarge(limits));
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            // The size can change after it was checked, and some files report none: never read past the limit.
            bytes = in.readNBytes(limits.maxBytes() + 1);
        } catch (AccessDeniedException e) {
            throw fileProblem(file, "cannot read the file: permission denied");
        } catch (IOException e) {
            throw fileProblem(file, "cannot read the file");
        }
        if (bytes.length > limits.maxBytes()) {
            throw fileProblem(file, tooLarge(limits));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw fileProblem(file, "the file is not UTF-8 text");
        }
        return parse(file, text, limits);
    }

    /** Parses harness text that came from {@code file}; the name decides the syntax and appears in every location. */
    public static SourceDocument parse(String file, String text) throws DocumentException {
        return parse(file, text, DocumentLimits.HARNESS);
    }

    /** Parses text that came from {@code file} within {@code limits}. */
    public static SourceDocument parse(String file, String text, DocumentLimits limits) throws DocumentException {
        if (text.length() > limits.maxBytes()) {
            throw fileProblem(file, tooLarge(limits));
        }
        boolean json = file.endsWith(".json");
        if (!json) {
            checkLineLengths(file, text);
        }
        ObjectMapper mapper = json ? JSON : YAML;
        Map<String, Location> locations = new HashMap<>();
        Map<String, Location> values = new HashMap<>();
        // The walk comes first: it refuses what the tree would silently accept, each at its own line and column.
        walk(mapper.getFactory(), file, text, locations, values);
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new DocumentException(syntaxProblem(file, text, e, null));
        } catch (IOException | RuntimeException e) {
            throw fileProblem(file, "the document cannot be read");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw fileProblem(file, "the document is empty");
        }
        return new SourceDocument(file, text, root, locations, values);
    }

    private static DocumentException fileProblem(String file, String message) {
        return new DocumentException(Problem.error(Location.startOf(file), "", message));
    }

    private static String tooLarge(DocumentLimits limits) {
        return "larger than the " + limits.size() + " limit for " + limits.kind();
    }

    /** What a file that is not regular is, from its Unix mode where the platform gives one. */
    private static String specialKind(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return switch (mode & 0170000) {
                case 0010000 -> "a named pipe";
                case 0020000, 0060000 -> "a device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | RuntimeException e) {
            return "a special file";
        }
    }

    private static void checkLineLengths(String file, String text) throws DocumentException {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            } else if (i - lineStart >= DocumentLimits.MAX_LINE_CHARS) {
                throw new DocumentException(Problem.error(new Location(file, line, DocumentLimits.MAX_LINE_CHARS + 1),
                        "", "line " + line + " is longer than the "
                                + String.format("%,d", DocumentLimits.MAX_LINE_CHARS)
                                + "-character limit for a YAML line; break a long value over several lines with '>-'"));
            }
        }
    }

    /**
     * Walks the token stream once, recording the location of every key and array element by JSON pointer, and refuses
     * what the tree would take silently: a repeated key, a second document, a tag, an alias, nesting past the limit.
     */
    private static void walk(JsonFactory factory, String file, String text, Map<String, Location> out,
            Map<String, Location> values) throws DocumentException {
        Deque<Object> path = new ArrayDeque<>(); // String for a field, int[] counter for an array, OBJECT for a mapping
        Deque<Set<String>> keys = new ArrayDeque<>();
        int depth = 0;
        boolean rootSeen = false;
        JsonParser p = null;
        try {
            p = factory.createParser(text);
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                JsonLocation l = p.currentTokenLocation();
                Location here = new Location(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
                if (depth == 0 && rootSeen) {
                    throw new DocumentException(secondDocument(file, text, here));
                }
                if (p instanceof YAMLParser yaml) {
                    checkYaml(yaml, t, here, pointer(path));
                }
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    // Numbers are converted lazily; converting here applies the digit limit at this number.
                    p.getNumberValue();
                }
                if (t == JsonToken.VALUE_STRING && p.getTextLength() > DocumentLimits.MAX_VALUE_CHARS) {
                    // The YAML parser applies no length limit of its own to a value.
                    throw new DocumentException(Problem.error(here, pointer(path),
                            constraintMessage("String value length")));
                }
                if (t == JsonToken.FIELD_NAME && p.currentName().length() > DocumentLimits.MAX_KEY_CHARS) {
                    throw new DocumentException(Problem.error(here, pointer(path), constraintMessage("Name length")));
                }
                if (t == JsonToken.FIELD_NAME) {
                    if (!path.isEmpty() && path.peek() instanceof String) {
                        path.pop();
                    }
                    String name = p.currentName();
                    path.push(name);
                    if (!keys.isEmpty() && !keys.peek().add(name)) {
                        Deque<Object> parent = new ArrayDeque<>(path);
                        parent.pop();
                        throw new DocumentException(Problem.error(here, pointer(path), "the key '" + name
                                + "' appears twice in " + TreeReader.path(pointer(parent)) + "; a key is given once"));
                    }
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
                    case START_OBJECT, START_ARRAY -> {
                        depth++;
                        if (depth > DocumentLimits.MAX_DEPTH) {
                            throw new DocumentException(Problem.error(here, pointer(path),
                                    "nested deeper than " + DocumentLimits.MAX_DEPTH + " levels"));
                        }
                        if (t == JsonToken.START_OBJECT) {
                            path.push(OBJECT);
                            keys.push(new HashSet<>());
                        } else {
                            path.push(new int[] {-1});
                        }
                    }
                    case END_OBJECT -> {
                        if (!path.isEmpty() && path.peek() instanceof String) {
                            path.pop();
                        }
                        path.pop();
                        keys.pop();
                        depth--;
                    }
                    case END_ARRAY -> {
                        path.pop();
                        depth--;
                    }
                    default -> {}
                }
                if (depth == 0) {
                    rootSeen = true;
                }
            }
        } catch (JsonProcessingException e) {
            throw new DocumentException(syntaxProblem(file, text, e, p));
        } catch (IOException | RuntimeException e) {
            throw new DocumentException(Problem.error(current(file, p), pointer(path), "the document cannot be read"));
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // Reading a string: closing cannot fail in a way that matters.
                }
            }
        }
    }

    /** Refuses YAML features a policy document has no use for, and that the tree would otherwise take silently. */
    private static void checkYaml(YAMLParser yaml, JsonToken t, Location here, String pointer)
            throws IOException, DocumentException {
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
            return;
        }
        if (t == JsonToken.VALUE_STRING && yaml.isCurrentAlias()) {
            throw new DocumentException(Problem.error(here, pointer, "an alias (*" + yaml.getText()
                    + ") is not supported; write the value out in full"));
        }
        String tag = yaml.getTypeId();
        if (tag != null && !PLAIN_TAGS.contains(tag)) {
            String shown = tag.startsWith("tag:yaml.org,2002:") ? "!!" + tag.substring(18) : "!" + tag;
            throw new DocumentException(Problem.error(here, pointer, "unknown tag '" + shown
                    + "'; values are plain text, numbers, true/false, lists and mappings"));
        }
    }

    private static Problem secondDocument(String file, String text, Location next) {
        // Point at the '---' that starts the second document, which is the line a user has to remove.
        String[] lines = text.split("\n", -1);
        for (int i = Math.min(next.line(), lines.length) - 1; i >= 0; i--) {
            if (lines[i].startsWith("---") || lines[i].startsWith("...")) {
                return Problem.error(new Location(file, i + 1, 1), "",
                        "a second document starts here; a file holds one document");
            }
        }
        return Problem.error(next, "", "a second document starts here; a file holds one document");
    }

    private static Location current(String file, JsonParser p) {
        if (p == null) {
            return Location.startOf(file);
        }
        JsonLocation l = p.currentLocation();
        return new Location(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    /** A parse failure in our words, at the line and column of the problem rather than of its context. */
    private static Problem syntaxProblem(String file, String text, JsonProcessingException e, JsonParser p) {
        MarkedYAMLException marked = null;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m) {
                marked = m;
                break;
            }
        }
        if (marked != null) {
            Mark problemMark = marked.getProblemMark();
            Mark contextMark = marked.getContextMark();
            // A key without its ':' is found where the scan gives up; the key's own start is where to look.
            boolean keyScan = "could not find expected ':'".equals(marked.getProblem()) && contextMark != null;
            Mark at = problemMark != null && !keyScan ? problemMark : contextMark;
            Location location = at == null ? Location.startOf(file)
                    : new Location(file, at.getLine() + 1, at.getColumn() + 1);
            Problem tab = tabIndent(file, text, location.line(), contextMark == null ? 0 : contextMark.getLine() + 1);
            if (tab != null) {
                return tab;
            }
            return Problem.error(location, "", yamlMessage(marked.getProblem(), marked.getContext(), contextMark,
                    location.line()));
        }
        // A YAML parser has already moved to the offending value when a limit stops it; its start is the place.
        JsonLocation l = p instanceof YAMLParser ? p.currentTokenLocation() : e.getLocation();
        Location location = l != null && l.getLineNr() > 0
                ? new Location(file, l.getLineNr(), Math.max(1, l.getColumnNr()))
                : current(file, p);
        if (e instanceof StreamConstraintsException) {
            return Problem.error(location, "", constraintMessage(e.getOriginalMessage()));
        }
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.startsWith("Expected a field name")) {
            return Problem.error(location, "", "syntax error: a key must be plain text, not a list or a mapping");
        }
        if (message.contains("base64")) {
            return Problem.error(location, "", "unknown tag '!!binary'; values are plain text, numbers, true/false, "
                    + "lists and mappings");
        }
        // Keep the first clause: what follows names parser settings and source excerpts, not the document.
        for (String tail : List.of("\n", ": enable", " (for ", " at [Source")) {
            int cut = message.indexOf(tail);
            if (cut > 0) {
                message = message.substring(0, cut);
            }
        }
        return Problem.error(location, "", "syntax error: " + ourWords(message));
    }

    /** A tab in the indentation of the problem's line, the next one or its context's: the usual cause. */
    private static Problem tabIndent(String file, String text, int problemLine, int contextLine) {
        String[] lines = text.split("\n", -1);
        for (int line : new int[] {problemLine, problemLine + 1, contextLine}) {
            if (line < 1 || line > lines.length) {
                continue;
            }
            String l = lines[line - 1];
            for (int i = 0; i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == '\t'); i++) {
                if (l.charAt(i) == '\t') {
                    return Problem.error(new Location(file, line, i + 1), "",
                            "a tab indents line " + line + "; YAML indents with spaces");
                }
            }
        }
        return null;
    }

    private static String yamlMessage(String problem, String context, Mark contextMark, int problemLine) {
        String what = problem == null ? "the document does not parse" : problem.strip();
        int cut = what.indexOf(". (");
        if (cut >= 0) {
            what = what.substring(0, cut);
        }
        String words = switch (what) {
            case "mapping values are not allowed here" ->
                "a ':' where no mapping can start; check the indentation, or quote a value that holds ': '";
            case "could not find expected ':'" -> "a key needs a ':' after it, on its line and within 1,024 characters";
            case "found unexpected end of stream" -> "the file ends before this value is closed";
            case "sequence entries are not allowed here" -> "a '- ' list entry where no list can start";
            case "mapping keys are not allowed here" -> "a '? ' key where no mapping can start";
            default -> tokenWords(what);
        };
        String message = words;
        if (context != null && contextMark != null && contextMark.getLine() + 1 != problemLine) {
            message += " (in the " + contextWords(context) + " that starts at line " + (contextMark.getLine() + 1)
                    + ")";
        }
        return "syntax error: " + ourWords(message);
    }

    private static String tokenWords(String s) {
        return s.replaceAll("'(<[a-z ]+>)'", "$1")
                .replaceAll("but got ([-:?,\\[\\]{}])$", "but found '$1'")
                .replace("but got", "but found")
                .replace("found character", "the character")
                .replace("'?'", "a '? ' key")
                .replace("that cannot start any token", "cannot start a value here; quote the value")
                .replace("<block end>", "the end of the indented block")
                .replace("<block mapping start>", "a new mapping")
                .replace("<block sequence start>", "a new list")
                .replace("<scalar>", "a value")
                .replace("<document start>", "a new document")
                .replace("<document end>", "the end of the document")
                .replace("<stream end>", "the end of the file")
                .replace("<alias>", "an alias")
                .replace("<anchor>", "an anchor")
                .replace("<tag>", "a tag")
                .replace("<directive>", "a directive")
                .replace("<block entry>", "a '- ' list entry")
                .replace("the node content", "a value");
    }

    private static String contextWords(String context) {
        String c = context.replaceFirst("^while (parsing|scanning) an? ", "");
        return switch (c) {
            case "flow mapping" -> "{ } mapping";
            case "flow sequence" -> "[ ] list";
            case "block mapping" -> "mapping";
            case "block collection", "block sequence" -> "list";
            case "double-quoted scalar", "single-quoted scalar", "quoted scalar" -> "quoted value";
            case "simple key" -> "key";
            case "block scalar" -> "block of text";
            case "block node", "flow node", "node" -> "value";
            default -> c;
        };
    }

    private static String constraintMessage(String message) {
        String m = message == null ? "" : message;
        if (m.startsWith("String value length")) {
            return "a value longer than the " + String.format("%,d", DocumentLimits.MAX_VALUE_CHARS)
                    + "-character limit";
        }
        if (m.startsWith("Name length")) {
            return "a key longer than the " + String.format("%,d", DocumentLimits.MAX_KEY_CHARS) + "-character limit";
        }
        if (m.startsWith("Number value length")) {
            return "a number longer than the " + DocumentLimits.MAX_NUMBER_DIGITS + "-digit limit";
        }
        if (m.startsWith("Document nesting depth")) {
            return "nested deeper than " + DocumentLimits.MAX_DEPTH + " levels";
        }
        return "the document is larger than the " + DocumentLimits.SCENARIO.size() + " limit";
    }

    /** The last guard: a message that still names a library part is replaced by one that does not. */
    private static String ourWords(String message) {
        for (String word : LIBRARY_WORDS) {
            if (message.contains(word)) {
                return "the document does not parse here";
            }
        }
        return message;
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
