package dev.bridle.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The names a request's tools go by on the wire, and back.
 *
 * <p>The chat APIs accept a tool name only if it matches {@code ^[a-zA-Z0-9_-]{1,64}$} (OpenAI's function names and
 * Anthropic's tool names alike), while a harness names its tools {@code fs.read} or {@code shell}. So:
 *
 * <ul>
 *   <li>a name the APIs accept is sent as it is ({@code shell}, {@code read_file});
 *   <li>any other has each character outside {@code [a-zA-Z0-9_-]} replaced by {@code _} ({@code fs.read} becomes
 *       {@code fs_read});
 *   <li>when that would give a name another tool of the request already goes by, a name two tools would share, or a
 *       name longer than 64 characters, the name is cut short and ends in {@code _} and the first hex digits of the
 *       SHA-256 of the original name ({@code fs_read_4074bc02}).
 * </ul>
 *
 * <p>The mapping is injective and depends only on the set of names, not on their order, so every turn of a run
 * offers the same tools under the same names. A wire name the mapping did not give out has no original: a model that
 * calls it is told so, and it is never matched to the nearest name.
 */
public final class ToolNames {

    /** The names OpenAI's and Anthropic's APIs accept for a tool. */
    public static final Pattern WIRE = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    /** The longest wire name. */
    public static final int MAX_LENGTH = 64;

    private static final int FIRST_HASH_DIGITS = 8;

    private final Map<String, String> wire;
    private final Map<String, String> original;

    private ToolNames(Map<String, String> wire) {
        this.wire = Map.copyOf(wire);
        Map<String, String> back = new HashMap<>();
        wire.forEach((name, onWire) -> back.put(onWire, name));
        this.original = Map.copyOf(back);
    }

    /** The wire names of {@code names}; duplicates count once. */
    public static ToolNames of(Collection<String> names) {
        Set<String> distinct = new TreeSet<>(names);
        Map<String, String> wire = new HashMap<>();
        Set<String> taken = new HashSet<>();
        // Names the APIs accept keep themselves, so a tool called read_file is offered as read_file whatever else
        // the request holds; the others make way for them.
        for (String name : distinct) {
            if (WIRE.matcher(name).matches()) {
                wire.put(name, name);
                taken.add(name);
            }
        }
        Map<String, List<String>> bySubstitute = new TreeMap<>();
        for (String name : distinct) {
            if (!wire.containsKey(name)) {
                bySubstitute.computeIfAbsent(substitute(name), k -> new ArrayList<>()).add(name);
            }
        }
        Set<String> hashed = new TreeSet<>();
        bySubstitute.forEach((substitute, sharing) -> {
            if (sharing.size() == 1 && WIRE.matcher(substitute).matches() && !taken.contains(substitute)) {
                wire.put(sharing.getFirst(), substitute);
                taken.add(substitute);
            } else {
                hashed.addAll(sharing);
            }
        });
        for (String name : hashed) {
            String onWire = hashedName(name, taken);
            wire.put(name, onWire);
            taken.add(onWire);
        }
        return new ToolNames(wire);
    }

    /** The wire names of the tools {@code request} offers and of every tool its messages name. */
    public static ToolNames of(ModelRequest request) {
        Set<String> names = new LinkedHashSet<>();
        request.tools().forEach(t -> names.add(t.name()));
        for (Message m : request.messages()) {
            m.toolCalls().forEach(c -> names.add(c.tool()));
            if (!m.toolName().isEmpty()) {
                names.add(m.toolName());
            }
        }
        return of(names);
    }

    /**
     * The name {@code name} goes by on the wire.
     *
     * @throws IllegalArgumentException when {@code name} is not one of the names this mapping was made from
     */
    public String wire(String name) {
        String onWire = wire.get(name);
        if (onWire == null) {
            throw new IllegalArgumentException("no wire name for tool '" + name + "': it is not one of " + names());
        }
        return onWire;
    }

    /** The tool that goes by {@code wireName}, or empty when no tool does. */
    public Optional<String> original(String wireName) {
        return Optional.ofNullable(original.get(wireName));
    }

    /** The names this mapping was made from, sorted. */
    public Set<String> names() {
        return new TreeSet<>(wire.keySet());
    }

    @Override
    public String toString() {
        return new TreeMap<>(wire).toString();
    }

    /** {@code name} with every code point outside {@code [a-zA-Z0-9_-]} replaced by {@code _}. */
    private static String substitute(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> out.append(isWireCharacter(c) ? (char) c : '_'));
        return out.toString();
    }

    private static boolean isWireCharacter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /**
     * {@code name}'s substitute cut short, with {@code _} and a prefix of the SHA-256 of {@code name}: eight digits,
     * and more only if another tool of the request already goes by that name.
     */
    private static String hashedName(String name, Set<String> taken) {
        String substitute = substitute(name);
        String digest = sha256(name);
        for (int digits = FIRST_HASH_DIGITS; digits <= digest.length(); digits += 4) {
            String candidate = cut(substitute, MAX_LENGTH - 1 - digits) + "_" + digest.substring(0, digits);
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
        // Every prefix of the digest is taken: only a request built to collide gets here. A counter still ends it.
        for (int n = 2; ; n++) {
            String suffix = "_" + digest.substring(0, FIRST_HASH_DIGITS) + "_" + n;
            String candidate = cut(substitute, MAX_LENGTH - suffix.length()) + suffix;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
