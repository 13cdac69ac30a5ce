package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.store.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged program on a shared PostgreSQL store (the test server): runs recorded into H2 move to PostgreSQL and
 * back through {@code runs export --all} and {@code runs import} without changing a byte, {@code runs prune} keeps
 * what it is told to, and a password reaches the server from the environment's password file, never the output.
 */
class SharedStoreIT {

    private static final String RUNAWAY = "sample-policies/runaway-agent.harness.yaml";
    private static final String LOOPS = "sample-policies/runaway-agent/loops-forever.scenario.yaml";
    private static final String IN_BOUNDS = "sample-policies/runaway-agent/answers-in-bounds.scenario.yaml";

    @TempDir
    Path dir;

    private Program bridle;

    @BeforeEach
    void setUp() {
        bridle = new Program(dir.resolve("home"), Program.project());
    }

    @Test
    void runsMoveFromH2ToPostgresqlAndBackByteForByte() throws IOException {
        String h2 = "jdbc:h2:file:" + dir.resolve("first/runs");
        String pg = TestPostgres.freshUrl();
        String back = "jdbc:h2:file:" + dir.resolve("back/runs");
        ok(bridle.jar("run", RUNAWAY, "--scenario", LOOPS, "--db", h2), ExitCodes.STOPPED);
        ok(bridle.jar("run", RUNAWAY, "--scenario", IN_BOUNDS, "--db", h2), ExitCodes.OK);

        Path fromH2 = dir.resolve("from-h2");
        assertThat(ok(bridle.jar("runs", "export", "--all", "--out", fromH2.toString(), "--db", h2), 0).out())
                .isEqualTo("wrote 2 runs to " + fromH2 + "\n");
        Program.Result imported = ok(bridle.jar("runs", "import", fromH2.toString(), "--db", pg), 0);
        assertThat(imported.outLines()).hasSize(2).allMatch(l -> l.startsWith("imported run "));
        Path fromPg = dir.resolve("from-pg");
        ok(bridle.jar("runs", "export", "--all", "--out", fromPg.toString(), "--db", pg), 0);
        ok(bridle.jar("runs", "import", fromPg.toString(), "--db", back), 0);
        Path fromBack = dir.resolve("from-back");
        ok(bridle.jar("runs", "export", "--all", "--out", fromBack.toString(), "--db", back), 0);

        assertSameFiles(fromH2, fromPg);
        assertSameFiles(fromH2, fromBack);
        assertThat(ok(bridle.jar("runs", "list", "--db", pg), 0).out())
                .isEqualTo(ok(bridle.jar("runs", "list", "--db", h2), 0).out());
    }

    @Test
    void pruneDeletesOldRunsKeepsFailedOnesWhenAskedAndADryRunDeletesNothing() throws IOException {
        String pg = TestPostgres.freshUrl();
        Path runs = Files.createDirectories(dir.resolve("runs"));
        run(runs, "old-completed", "2020-01-01T00:00:00Z", "completed");
        run(runs, "old-failed", "2020-01-02T00:00:00Z", "failed");
        run(runs, "recent", java.time.Instant.now().minusSeconds(3600).toString(), "completed");
        ok(bridle.jar("runs", "import", runs.toString(), "--db", pg), 0);

        Program.Result dry = ok(bridle.jar("runs", "prune", "--older-than", "30d", "--keep-failed", "--dry-run",
                "--db", pg), 0);
        assertThat(dry.outLines().getFirst()).startsWith("would delete 1 runs started before ");
        assertThat(dry.outLines()).hasSize(2);
        assertThat(dry.outLines().get(1)).contains("old-completed", "completed");
        assertThat(ids(pg)).containsExactlyInAnyOrder("old-completed", "old-failed", "recent");

        ok(bridle.jar("runs", "prune", "--older-than", "30d", "--keep-failed", "--db", pg), 0);
        assertThat(ids(pg)).containsExactlyInAnyOrder("old-failed", "recent");
        ok(bridle.jar("runs", "prune", "--older-than", "4w", "--db", pg), 0);
        assertThat(ids(pg)).containsExactly("recent");

        Program.Result bad = bridle.jar("runs", "prune", "--older-than", "a month", "--db", pg);
        assertThat(bad.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.err()).isEqualTo("bridle: --older-than takes a number and a unit (d, h, m, s or w), like"
                + " 30d; not 'a month'\n");
        assertThat(ids(pg)).containsExactly("recent");
    }

    @Test
    void thePasswordComesFromThePasswordFileAndAWrongOneIsNeverPrinted() throws IOException {
        TestPostgres server = TestPostgres.server();
        server.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'team') THEN"
                + " CREATE ROLE team LOGIN PASSWORD 'team-secret-42'; END IF; END $$");
        String admin = TestPostgres.freshUrl();
        String name = admin.substring(admin.lastIndexOf('/') + 1, admin.indexOf('?'));
        server.execute("ALTER DATABASE " + name + " OWNER TO team");
        String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + name + "?user=team";
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "127.0.0.1:" + server.port() + ":*:team:team-secret-42\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));

        Program.Result denied = bridle.jar("runs", "list", "--db", url);
        assertThat(denied.code()).as(denied.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(denied.err()).startsWith("bridle: cannot open the run store at " + url + ": ");

        Program.Result wrong = bridle.jar("runs", "list", "--db", url + "&password=wrong-secret-77");
        assertThat(wrong.code()).as(wrong.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(wrong.out() + wrong.err()).doesNotContain("wrong-secret-77").contains("password=***");
        Program.Result unknown = bridle.jar("runs", "show", "no-such-run", "--db", url + "&password=team-secret-42");
        assertThat(unknown.code()).as(unknown.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.err()).isEqualTo("bridle: no run 'no-such-run' in " + url + "&password=***\n");

        Program.Result recorded = bridle.run(bridle.jarCommand("run", RUNAWAY, "--scenario", LOOPS, "--db", url),
                Map.of("PGPASSFILE", pgpass.toString()));
        assertThat(recorded.code()).as(recorded.toString()).isEqualTo(ExitCodes.STOPPED);
        Program.Result listed = bridle.run(bridle.jarCommand("runs", "list", "--db", url),
                Map.of("BRIDLE_DB_PASSWORD", "team-secret-42"));
        assertThat(listed.code()).as(listed.toString()).isZero();
        assertThat(listed.outLines()).hasSize(1).allMatch(l -> l.contains("stopped"));
        assertThat(recorded.out() + recorded.err() + listed.out() + listed.err()).doesNotContain("team-secret-42");
    }

    private List<String> ids(String db) {
        return ok(bridle.jar("runs", "list", "--db", db), 0).outLines().stream()
                .map(l -> l.split("\\s+")[0]).toList();
    }

    private static void run(Path folder, String id, String startedAt, String outcome) throws IOException {
        Files.writeString(folder.resolve(id + ".jsonl"), String.join("\n",
                "{\"bridle\":\"run\",\"format\":1,\"id\":\"" + id + "\",\"harness\":\"h\",\"harnessDigest\":\"0\","
                        + "\"model\":\"mock:m\",\"startedAt\":\"" + startedAt + "\",\"endedAt\":\"" + startedAt
                        + "\",\"outcome\":\"" + outcome + "\",\"steps\":0}",
                "{\"kind\":\"run.started\",\"seq\":1,\"at\":\"" + startedAt + "\",\"step\":0,\"harness\":\"h\","
                        + "\"model\":\"mock:m\"}", ""));
    }

    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        List<Path> names;
        try (Stream<Path> s = Files.list(expected)) {
            names = s.map(Path::getFileName).sorted().toList();
        }
        try (Stream<Path> s = Files.list(actual)) {
            assertThat(s.map(Path::getFileName).sorted().toList()).isEqualTo(names);
        }
        for (Path n : names) {
            assertThat(Files.readAllBytes(actual.resolve(n))).as(n.toString())
                    .isEqualTo(Files.readAllBytes(expected.resolve(n)));
        }
    }

    private static Program.Result ok(Program.Result r, int code) {
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
        return r;
    }
}
