package dev.bridle.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export commands end to end, through {@code bridle}'s entry point. */
class ExportCommandsTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private static Result bridle(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void keygenExportSignAndVerifyBundle() throws Exception {
        assertThat(bridle("keygen", "--out", dir.resolve("keys").toString()).code()).isZero();
        Path bundle = dir.resolve("bundle");
        Result export = bridle("export", Samples.harness("runaway-agent").toString(), "--out", bundle.toString(),
                "--sign", dir.resolve("keys/bridle-signing.pem").toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(bundle.resolve("harness.json")).exists();
        assertThat(bundle.resolve("bundle.json.sig")).exists();
        Result ok = bridle("verify-bundle", bundle.toString(), "--key", dir.resolve("keys/bridle-signing.pub.pem")
                .toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("valid", "signature verified");
    }

    @Test
    void verifyBundleAcceptsASignatureWrappedAtSixtyFourColumns() throws Exception {
        assertThat(bridle("keygen", "--out", dir.resolve("keys").toString()).code()).isZero();
        Path bundle = dir.resolve("bundle");
        bridle("export", Samples.harness("runaway-agent").toString(), "--out", bundle.toString(),
                "--sign", dir.resolve("keys/bridle-signing.pem").toString());
        Path sig = bundle.resolve("bundle.json.sig");
        String one = Files.readString(sig).strip();
        Files.writeString(sig, one.substring(0, 64) + "\n" + one.substring(64) + "\n");
        Result ok = bridle("verify-bundle", bundle.toString(), "--key", dir.resolve("keys/bridle-signing.pub.pem")
                .toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("signature verified");
    }

    @Test
    void verifyBundleRefusesAnExtraFileWithExitTwo() throws Exception {
        Path bundle = dir.resolve("bundle");
        bridle("export", Samples.harness("runaway-agent").toString(), "--out", bundle.toString());
        Files.writeString(bundle.resolve("run.sh"), "echo hi\n");
        Result r = bridle("verify-bundle", bundle.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("bundle " + bundle + ": holds files that are not part of the bundle: run.sh\n");
    }

    @Test
    void verifyBundleRefusesATamperedHarnessInOneLineWithExitTwo() throws Exception {
        Path bundle = dir.resolve("bundle");
        bridle("export", Samples.harness("runaway-agent").toString(), "--out", bundle.toString());
        Path file = bundle.resolve("harness.json");
        Files.writeString(file, Files.readString(file).replace("\"max\" : 12", "\"max\" : 1200"));
        Result r = bridle("verify-bundle", bundle.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("bundle " + bundle + ": harness.json does not match its digest (expected ")
                .containsOnlyOnce("\n");
    }

    @Test
    void exportToClaudeCodeWritesSettingsAndTheReport() throws Exception {
        Path settings = dir.resolve("settings.json");
        Path report = dir.resolve("report.txt");
        Result r = bridle("export", Samples.harness("over-trusted-agent").toString(), "--target", "claude-code",
                "--out", settings.toString(), "--report", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(settings)).contains("\"permissions\"");
        assertThat(Files.readString(report)).contains("not expressible");
    }

    @Test
    void exportTheSchema() throws Exception {
        Path schema = dir.resolve("harness.schema.json");
        assertThat(bridle("export", "--target", "schema", "--out", schema.toString()).code()).isZero();
        assertThat(Files.readString(schema)).isEqualTo(dev.bridle.policy.SchemaCheck.harnessSchemaText());
    }

    @Test
    void recordThenWhatIfWithATighterHarness() throws Exception {
        Path jsonl = dir.resolve("run.jsonl");
        Result rec = bridle("record", Samples.harness("looping-agent").toString(), "--scenario",
                Samples.scenario("looping-agent", "busy-without-progress").toString(), "--jsonl", jsonl.toString());
        assertThat(rec.code()).as(rec.err()).isEqualTo(3);
        assertThat(Files.readAllLines(jsonl).getFirst()).startsWith("{\"bridle\":\"run\",\"harness\":\"looping-agent\"");
        Path tighter = dir.resolve("tighter.harness.yaml");
        Files.writeString(tighter, Files.readString(Samples.harness("looping-agent"))
                .replace("noProgress: { steps: 5 }", "noProgress: { steps: 3 }"));
        Result same = bridle("whatif", "--jsonl", jsonl.toString(), "--harness",
                Samples.harness("looping-agent").toString());
        assertThat(same.code()).as(same.out()).isZero();
        Result r = bridle("whatif", "--jsonl", jsonl.toString(), "--harness", tighter.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("new:      stopped by guard 'no-progress'", "at step 3",
                "first divergence at step 3");
    }

    @Test
    void whatIfReadsARunFromTheStore() throws Exception {
        String db = dev.bridle.store.RunStore.fileUrl(dir.resolve("runs"));
        Result run = bridle("run", Samples.harness("looping-agent").toString(), "--db", db, "-q", "--scenario",
                Samples.scenario("looping-agent", "busy-without-progress").toString());
        assertThat(run.code()).isEqualTo(3);
        String id = bridle("runs", "list", "--db", db).out().lines().findFirst().orElseThrow().split(" ")[0];
        Path tighter = dir.resolve("tighter.harness.yaml");
        Files.writeString(tighter, Files.readString(Samples.harness("looping-agent"))
                .replace("noProgress: { steps: 5 }", "noProgress: { steps: 3 }"));
        Result r = bridle("whatif", "--run", id, "--db", db, "--harness", tighter.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("stopped by guard 'no-progress'", "at step 3");
        assertThat(bridle("whatif", "--run", "nope", "--db", db, "--harness", tighter.toString()).code())
                .isEqualTo(2);
    }
}
