package dev.bridle.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tools a harness declares in its {@code tools:} section, over the built-in tools' own declarations. A tool that
 * is neither declared nor built in has no declaration: the gate checks it by name only and never guesses an argument.
 *
 * @param declared the document's declarations, by tool name, in document order; never a built-in tool's name
 */
public record ToolDeclarations(Map<String, ToolDeclaration> declared) {

    /**
     * The built-in tools and what they touch: the one place that lists them. The file tools read or write {@code path}
     * ({@code fs.list} lists the root when it is missing), {@code http.get} fetches {@code url}, {@code shell} runs
     * {@code command}.
     */
    public static final Map<String, ToolDeclaration> BUILT_IN = builtIn();

    /** No declared tools: only the built-in ones are known. */
    public static final ToolDeclarations NONE = new ToolDeclarations(Map.of());

    public ToolDeclarations {
        declared = Collections.unmodifiableMap(new LinkedHashMap<>(declared));
    }

    private static Map<String, ToolDeclaration> builtIn() {
        Map<String, ToolDeclaration> m = new LinkedHashMap<>();
        m.put("fs.read", ToolDeclaration.of(ToolDeclaration.Touch.READS, "path"));
        m.put("fs.list", new ToolDeclaration(ToolDeclaration.Touch.READS, "path", Optional.of(".")));
        m.put("fs.write", ToolDeclaration.of(ToolDeclaration.Touch.WRITES, "path"));
        m.put("fs.delete", ToolDeclaration.of(ToolDeclaration.Touch.WRITES, "path"));
        m.put("http.get", ToolDeclaration.of(ToolDeclaration.Touch.FETCHES, "url"));
        m.put("shell", ToolDeclaration.of(ToolDeclaration.Touch.RUNS, "command"));
        return Collections.unmodifiableMap(m);
    }

    /** Whether {@code tool} is one of Bridle's built-in tools. */
    public static boolean isBuiltIn(String tool) {
        return BUILT_IN.containsKey(tool);
    }

    /** What {@code tool} touches: its built-in or declared declaration, or empty for an unknown tool. */
    public Optional<ToolDeclaration> find(String tool) {
        ToolDeclaration d = BUILT_IN.get(tool);
        return Optional.ofNullable(d != null ? d : declared.get(tool));
    }

    /** Whether {@code tool} is built in or declared. */
    public boolean knows(String tool) {
        return BUILT_IN.containsKey(tool) || declared.containsKey(tool);
    }

    /** Whether {@code tool} runs command lines, so that rules may name its program as {@code TOOL:PROGRAM}. */
    public boolean runsCommands(String tool) {
        return find(tool).map(d -> d.touch() == ToolDeclaration.Touch.RUNS).orElse(false);
    }
}
