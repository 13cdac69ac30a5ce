package dev.bridle.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * Tool names as the chat APIs accept them, tested against the patterns those APIs document:
 *
 * <ul>
 *   <li>OpenAI, Chat Completions API reference, {@code tools[].function.name}: "The name of the function to be called.
 *       Must be a-z, A-Z, 0-9, or contain underscores and dashes, with a maximum length of 64." The API answers a
 *       name with a dot with HTTP 400: "does not match '^[a-zA-Z0-9_-]{1,64}$'".
 *   <li>Anthropic, "Tool use with Claude", "Specifying client tools": "name: The name of the tool. Must match the
 *       regex {@code ^[a-zA-Z0-9_-]{1,64}$}."
 * </ul>
 */
class ToolNamesTest {

    /** OpenAI's function name rule, written from its words: a-z, A-Z, 0-9, underscores and dashes, at most 64. */
    private static final Pattern OPENAI = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    /** Anthropic's tool name regex, as its documentation gives it. */
    private static final Pattern ANTHROPIC = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    @Test
    void builtInNamesLoseTheirDot() {
        ToolNames names = ToolNames.of(List.of("fs.read", "fs.write", "fs.list", "fs.delete", "http.get", "shell"));

        assertThat(names.wire("fs.read")).isEqualTo("fs_read");
        assertThat(names.wire("fs.write")).isEqualTo("fs_write");
        assertThat(names.wire("http.get")).isEqualTo("http_get");
        assertThat(names.wire("shell")).isEqualTo("shell");
        assertThat(names.original("fs_read")).contains("fs.read");
        assertThat(names.original("http_get")).contains("http.get");
    }

    @Test
    void aNameTheApisAcceptIsSentUnchanged() {
        ToolNames names = ToolNames.of(List.of("read_file", "run_terminal_cmd", "web-fetch", "A1"));

        for (String name : names.names()) {
            assertThat(names.wire(name)).isEqualTo(name);
        }
    }

    @Test
    void aNameThatWouldCollideWithAnAcceptedOneGetsAHashSuffixAndTheAcceptedOneKeepsItsName() {
        ToolNames names = ToolNames.of(List.of("fs.read", "fs_read"));

        assertThat(names.wire("fs_read")).isEqualTo("fs_read");
        assertThat(names.wire("fs.read")).isEqualTo("fs_read_" + sha256("fs.read").substring(0, 8))
                .isEqualTo("fs_read_4074bc02");
        assertThat(names.original(names.wire("fs.read"))).contains("fs.read");
        assertThat(names.original("fs_read")).contains("fs_read");
    }

    @Test
    void twoNamesThatWouldShareASubstituteBothGetDistinctHashedNames() {
        ToolNames names = ToolNames.of(List.of("fs.read", "fs:read"));

        assertThat(names.wire("fs.read")).isEqualTo("fs_read_" + sha256("fs.read").substring(0, 8));
        assertThat(names.wire("fs:read")).isEqualTo("fs_read_" + sha256("fs:read").substring(0, 8));
    }

    @Test
    void theMappingDoesNotDependOnTheOrderOfTheNames() {
        List<String> given = new ArrayList<>(List.of("fs.read", "fs_read", "fs:read", "a.b", "shell", "x".repeat(70)));
        ToolNames first = ToolNames.of(given);
        Collections.reverse(given);
        ToolNames reversed = ToolNames.of(given);

        for (String name : given) {
            assertThat(reversed.wire(name)).isEqualTo(first.wire(name));
        }
    }

    @Test
    void aLongNameIsCutToSixtyFourCharactersAndStaysDistinct() {
        String prefix = "mcp.server.with.a.very.long.name.that.goes.on.and.on.and.on.";
        String longButPlain = "x".repeat(70);
        ToolNames names = ToolNames.of(List.of(prefix + "read_file", prefix + "write_file", longButPlain));

        String read = names.wire(prefix + "read_file");
        String write = names.wire(prefix + "write_file");
        assertThat(read).hasSize(64).matches(OPENAI).isNotEqualTo(write);
        assertThat(write).hasSize(64).matches(OPENAI);
        assertThat(names.original(read)).contains(prefix + "read_file");
        assertThat(names.original(write)).contains(prefix + "write_file");
        assertThat(names.wire(longButPlain)).isEqualTo("x".repeat(55) + "_" + sha256(longButPlain).substring(0, 8));
    }

    @Test
    void aHashedNameThatIsTakenAlreadyGetsMoreDigits() {
        String hashed8 = "fs_read_" + sha256("fs.read").substring(0, 8);
        ToolNames names = ToolNames.of(List.of("fs.read", "fs_read", hashed8));

        assertThat(names.wire(hashed8)).isEqualTo(hashed8);
        assertThat(names.wire("fs.read")).isEqualTo("fs_read_" + sha256("fs.read").substring(0, 12));
    }

    @Test
    void aWireNameNobodyWasGivenHasNoOriginalAndIsNeverGuessed() {
        ToolNames names = ToolNames.of(List.of("fs.read"));

        assertThat(names.original("fs.read")).isEmpty();
        assertThat(names.original("fs_reed")).isEmpty();
        assertThat(names.original("FS_READ")).isEmpty();
        assertThatThrownBy(() -> names.wire("fs.write"))
                .hasMessage("no wire name for tool 'fs.write': it is not one of [fs.read]");
    }

    @Test
    void namesOfARequestIncludeTheToolsItsMessagesName() {
        ToolCall earlier = new ToolCall("fs.list", "{}", "call_1");
        ModelRequest request = new ModelRequest("a", List.of(Message.user("go"),
                Message.assistant("", List.of(earlier)), Message.toolResult(earlier, "a.txt")),
                List.of(ToolSpec.anyArguments("fs.read")));

        ToolNames names = ToolNames.of(request);

        assertThat(names.names()).containsExactly("fs.list", "fs.read");
        assertThat(names.wire("fs.list")).isEqualTo("fs_list");
    }

    @Property(tries = 500)
    void everyWireNameMatchesBothDocumentedPatternsAndMapsBackToItsOriginal(
            @ForAll("toolNameLists") List<String> given) {
        ToolNames names = ToolNames.of(given);
        Set<String> seen = new HashSet<>();

        for (String name : given) {
            String onWire = names.wire(name);
            assertThat(onWire).matches(OPENAI).matches(ANTHROPIC).matches(ToolNames.WIRE);
            assertThat(names.original(onWire)).contains(name);
            seen.add(onWire);
        }
        assertThat(seen).hasSameSizeAs(new HashSet<>(given));
        // the property is only worth something if names do collide and run long: make sure the generator gets there
        boolean hashed = given.stream().anyMatch(n -> names.wire(n).length() != n.codePointCount(0, n.length()));
        Statistics.label("some name cut or hashed").collect(hashed);
        Statistics.label("some name cut or hashed").coverage(c -> c.check(true).percentage(p -> p > 10));
    }

    @Property(tries = 200)
    void theSameNamesAlwaysGetTheSameWireNames(@ForAll("toolNameLists") List<String> given) {
        List<String> shuffled = new ArrayList<>(given);
        Collections.shuffle(shuffled);

        ToolNames once = ToolNames.of(given);
        ToolNames again = ToolNames.of(shuffled);

        for (String name : given) {
            assertThat(again.wire(name)).isEqualTo(once.wire(name));
        }
    }

    /**
     * Lists of names that make collisions likely: dotted and underscored twins, names near and over 64 characters,
     * names of symbols only, and any Unicode.
     */
    @Provide
    Arbitrary<List<String>> toolNameLists() {
        Arbitrary<String> parts = Arbitraries.of("fs", "read", "write", "http", "get", "shell", "a", "x");
        Arbitrary<String> separators = Arbitraries.of(".", "_", "-", ":", "/", " ", "é", "🙂", "");
        Arbitrary<String> built = Arbitraries.lazyOf(
                () -> parts.list().ofMinSize(1).ofMaxSize(4).flatMap(ps -> separators.map(s -> String.join(s, ps))),
                () -> Arbitraries.strings().withChars("._-:aZ9").ofMinLength(1).ofMaxLength(70),
                () -> Arbitraries.strings().ofMinLength(1).ofMaxLength(90),
                () -> Arbitraries.strings().withChars("ab.").ofMinLength(60).ofMaxLength(70));
        return built.list().ofMinSize(1).ofMaxSize(12);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
