package dev.bridle.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents are read safely: only regular files within the size limit, with every line, value, key, number and
 * nesting bounded, and each problem with the text worded in our own words at its own line and column.
 */
class DocumentSafetyTest {

    private static final String VALID = """
            bridle: 1
            name: t
            agents:
              a: { system: s, tools: [fs.read] }
            workflow:
              start: s
              nodes:
                s: { agent: a, next: done }
                done: { end: completed }
            permissions:
              default: deny
              rules:
                - { id: read, allow: fs.read }
            """;

    @TempDir
    Path dir;

    private static List<String> problems(String file, String text) {
        DocumentException e = catchThrowableOfType(DocumentException.class, () -> HarnessReader.parse(file, text));
        assertThat(e).as("expected %s to be refused", file).isNotNull();
        return e.problems().stream().map(Problem::render).toList();
    }

    private List<String> readProblems(Path path) {
        DocumentException e = catchThrowableOfType(DocumentException.class, () -> HarnessReader.read(path));
        assertThat(e).as("expected %s to be refused", path).isNotNull();
        return e.problems().stream().map(Problem::render).toList();
    }

    @Test
    void theValidDocumentOfTheseTestsIsAccepted() throws Exception {
        assertThat(HarnessReader.parse("h.yaml", VALID).harness().name()).isEqualTo("t");
    }

    @Test
    void aNamedPipeIsRefusedAtOnceWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("pipe.harness.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");
        // Opening a pipe with no writer blocks for ever: a regression must fail the test, not hang the build.
        List<String> problems = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> readProblems(fifo));
        assertThat(problems).containsExactly(fifo + ":1:1: a named pipe, not a regular file; a harness is read from"
                + " a regular file only");
    }

    @Test
    void aDeviceIsRefusedWithoutReadingIt() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "the platform has /dev/zero");
        List<String> problems = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> readProblems(zero));
        assertThat(problems).containsExactly("/dev/zero:1:1: a device, not a regular file; a harness is read from a"
                + " regular file only");
    }

    @Test
    void aSocketIsRefused() throws Exception {
        Path socket = dir.resolve("s.harness.yaml");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertThat(readProblems(socket)).containsExactly(socket + ":1:1: a socket, not a regular file; a harness"
                    + " is read from a regular file only");
        }
    }

    @Test
    void aFolderIsRefused() {
        assertThat(readProblems(dir)).containsExactly(dir + ":1:1: a folder, not a harness file");
    }

    @Test
    void aFileOverTheLimitIsRefusedByItsSizeBeforeItIsRead() throws Exception {
        Path big = dir.resolve("big.harness.yaml");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            // A sparse 50 MiB file: it costs no disk, and reading it would cost 50 MiB of memory at least.
            f.setLength(50L * 1024 * 1024);
        }
        assertThat(readProblems(big)).containsExactly(big + ":1:1: larger than the 4 MiB limit for a harness");
    }

    @Test
    void aScenarioHasItsOwnLargerLimit() throws Exception {
        Path big = dir.resolve("big.scenario.yaml");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(17L * 1024 * 1024);
        }
        DocumentException e = catchThrowableOfType(DocumentException.class, () -> ScenarioReader.read(big));
        assertThat(e.problems()).singleElement().extracting(Problem::render)
                .isEqualTo(big + ":1:1: larger than the 16 MiB limit for a scenario");
    }

    @Test
    void textOverTheLimitIsRefusedWhenParsedFromMemoryToo() {
        String text = "name: " + "word ".repeat(1024 * 1024);
        assertThat(problems("h.yaml", text)).containsExactly("h.yaml:1:1: larger than the 4 MiB limit for a harness");
    }

    @Test
    void aMissingFileAndBytesThatAreNotUtf8AreSaidPlainly() throws Exception {
        assertThat(readProblems(dir.resolve("none.harness.yaml")))
                .containsExactly(dir.resolve("none.harness.yaml") + ":1:1: no such file");
        Path latin = dir.resolve("latin.harness.yaml");
        Files.write(latin, "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(readProblems(latin)).containsExactly(latin + ":1:1: the file is not UTF-8 text");
    }

    @Test
    void aRegularFileWithinTheLimitIsRead() throws Exception {
        Path file = dir.resolve("ok.harness.yaml");
        Files.writeString(file, VALID);
        assertThat(HarnessReader.read(file).harness().name()).isEqualTo("t");
    }

    @Test
    void aLineLongerThanTheLimitIsRefusedAtTheColumnWhereItPassesIt() {
        String text = VALID.replace("name: t\n", "name: t\ndescription: " + "x".repeat(50_000) + "\n");
        assertThat(problems("h.yaml", text)).containsExactly("h.yaml:3:16385: line 3 is longer than the"
                + " 16,384-character limit for a YAML line; break a long value over several lines with '>-'");
    }

    @Test
    void aJsonDocumentOnOneLongLineIsReadSinceItsParserIsLinear() throws Exception {
        String json = "{\"bridle\": 1, \"name\": \"t\", \"description\": \"" + "x".repeat(50_000) + "\", "
                + "\"agents\": {\"a\": {\"system\": \"s\", \"tools\": [\"fs.read\"]}}, "
                + "\"workflow\": {\"start\": \"s\", \"nodes\": {\"s\": {\"agent\": \"a\", \"next\": \"done\"}, "
                + "\"done\": {\"end\": \"completed\"}}}}";
        assertThat(HarnessReader.parse("h.json", json).harness().description()).hasSize(50_000);
    }

    @Test
    void aValueLongerThanTheLimitIsRefusedWhereItStarts() {
        String block = ("  " + "word ".repeat(2000) + "\n").repeat(110);
        String text = VALID.replace("name: t\n", "name: t\ndescription: |\n" + block);
        assertThat(problems("h.yaml", text)).containsExactly("h.yaml:3:14: a value longer than the 1,048,576-character"
                + " limit");
    }

    @Test
    void aKeyLongerThanTheLimitIsRefused() {
        // YAML itself limits a key written without '?' to 1,024 characters; JSON keys meet our limit.
        String text = VALID.replace("name: t\n", "name: t\n" + "k".repeat(2000) + ": 1\n");
        assertThat(problems("h.yaml", text)).containsExactly("h.yaml:3:1: syntax error: a key needs a ':' after it,"
                + " on its line and within 1,024 characters");
        assertThat(problems("h.json", "{\"" + "k".repeat(2000) + "\": 1}")).singleElement().asString()
                .startsWith("h.json:1:").endsWith(": a key longer than the 1,024-character limit");
    }

    @Test
    void aNumberLongerThanTheLimitIsRefusedWhereItStarts() {
        assertThat(problems("h.yaml", VALID.replace("name: t\n", "name: t\nx: " + "9".repeat(500) + "\n")))
                .containsExactly("h.yaml:3:4: a number longer than the 100-digit limit");
        assertThat(problems("h.json", "{\"bridle\": " + "9".repeat(500) + "}")).singleElement().asString()
                .endsWith("a number longer than the 100-digit limit");
    }

    @Test
    void deepNestingIsRefusedAtTheFirstLevelPastTheLimit() {
        StringBuilder block = new StringBuilder("bridle: 1\nname: t\nlayout:\n");
        for (int level = 1; level <= 70; level++) {
            block.append("  ".repeat(level)).append("k").append(level).append(":\n");
        }
        // The document is level 1 and line 3 + n holds k(n), the first key of level n + 1: level 65 starts at k64.
        assertThat(problems("h.yaml", block.toString()))
                .containsExactly("h.yaml:67:129: nested deeper than 64 levels");
        assertThat(problems("h.yaml", "bridle: 1\nname: t\nx: " + "[".repeat(100) + "]".repeat(100) + "\n"))
                .containsExactly("h.yaml:3:67: nested deeper than 64 levels");
        assertThat(problems("h.json", "{\"x\": " + "[".repeat(100) + "]".repeat(100) + "}"))
                .containsExactly("h.json:1:70: nested deeper than 64 levels");
    }

    @Test
    void aTabIndentIsNamedAtItsOwnLine() {
        String text = VALID.replace("  start: s\n", "\tstart: s\n");
        assertThat(problems("h.yaml", text)).containsExactly("h.yaml:6:1: a tab indents line 6; YAML indents with"
                + " spaces");
    }

    @Test
    void aSecondDocumentIsRefusedAtItsSeparator() {
        assertThat(problems("h.yaml", VALID + "---\nbridle: 1\nname: other\n"))
                .containsExactly("h.yaml:14:1: a second document starts here; a file holds one document");
    }

    @Test
    void aScenarioIsHeldToTheSameReadingRules() throws Exception {
        Path scenario = dir.resolve("s.scenario.yaml");
        Files.writeString(scenario, "bridle: 1\nharness: h.harness.yaml\nmodel:\n\tturns: []\n");
        DocumentException e = catchThrowableOfType(DocumentException.class, () -> ScenarioReader.read(scenario));
        assertThat(e.problems()).extracting(Problem::render)
                .containsExactly(scenario + ":4:1: a tab indents line 4; YAML indents with spaces");
    }

    @Test
    void anUnknownTagIsRefusedWhereItIsWritten() {
        assertThat(problems("h.yaml", VALID.replace("system: s", "system: !secret s")))
                .containsExactly("h.yaml:4:16: unknown tag '!secret'; values are plain text, numbers, true/false,"
                        + " lists and mappings");
        assertThat(problems("h.yaml", VALID.replace("system: s", "system: !!binary aGk=")))
                .containsExactly("h.yaml:4:16: unknown tag '!!binary'; values are plain text, numbers, true/false,"
                        + " lists and mappings");
    }

    @Test
    void aTagThatRestatesAPlainValueIsAccepted() throws Exception {
        assertThat(HarnessReader.parse("h.yaml", VALID.replace("system: s", "system: !!str s")).harness().agents()
                .get("a").system()).isEqualTo("s");
    }

    @Test
    void anAliasIsRefusedRatherThanReadAsItsName() {
        assertThat(problems("h.yaml", VALID.replace("name: t", "name: &n t\ndescription: *n")))
                .containsExactly("h.yaml:3:14: an alias (*n) is not supported; write the value out in full");
    }

    @Test
    void aDuplicateKeyIsNamedAtTheSecondKey() {
        assertThat(problems("h.yaml", VALID.replace("  a: { system: s,", "  a: { system: s, system: t,")))
                .containsExactly("h.yaml:4:19: the key 'system' appears twice in agents.a; a key is given once");
    }

    @Test
    void aDuplicatePermissionRuleIdIsLocated() {
        assertThat(problems("h.yaml", VALID + "    - { id: read, allow: fs.read, paths: [\"src/**\"] }\n"))
                .containsExactly("h.yaml:14:9: permission rule id 'read' is used twice; every rule needs its own id");
    }

    @Test
    void aCollectionAsAKeyIsSaidInOurWords() {
        assertThat(problems("h.yaml", VALID + "? [a, b]\n: c\n"))
                .containsExactly("h.yaml:14:3: syntax error: a key must be plain text, not a list or a mapping");
    }

    @Test
    void aLongExcerptLineIsShownAsAWindowAroundTheCaret() {
        String line = "x".repeat(300) + "@" + "y".repeat(300);
        Problem p = Problem.error(new Location("h.yaml", 1, 301), "", "here");
        String[] rendered = p.renderWithExcerpt(line).split("\n");
        assertThat(rendered[2]).startsWith(" 1 | …").endsWith("…").hasSizeLessThan(140);
        int caret = rendered[3].indexOf('^');
        assertThat(rendered[2].charAt(caret)).isEqualTo('@');
    }
}
