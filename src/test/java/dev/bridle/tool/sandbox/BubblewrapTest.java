package dev.bridle.tool.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BubblewrapTest {

    @TempDir
    Path dir;

    private static List<String> pairAfter(List<String> argv, String option, String value) {
        for (int i = 0; i + 2 < argv.size(); i++) {
            if (argv.get(i).equals(option) && argv.get(i + 1).equals(value)) {
                return argv.subList(i, i + 3);
            }
        }
        return List.of();
    }

    @Test
    void theWorkspaceIsReadOnlyAndOnlyTheWritableFoldersAreBoundReadWrite() throws Exception {
        Path ws = dir.toRealPath();
        Files.createDirectories(ws.resolve("src"));
        Files.createDirectories(ws.resolve("src/keys"));
        List<String> argv = new Bubblewrap(Path.of("/usr/bin/bwrap")).arguments(
                new Confinement(ws, List.of(ws.resolve("src")), List.of(ws.resolve("src/keys"))), List.of("ls", "-l"));

        assertThat(argv.getFirst()).isEqualTo("/usr/bin/bwrap");
        assertThat(argv).containsSubsequence(
                "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL");
        assertThat(pairAfter(argv, "--ro-bind", ws.toString()))
                .containsExactly("--ro-bind", ws.toString(), ws.toString());
        assertThat(pairAfter(argv, "--bind", ws.resolve("src").toString())).isNotEmpty();
        assertThat(Collections.frequency(argv, "--bind")).isEqualTo(1);
        // Order matters: private /tmp, then the workspace read-only, the writable folder, the deny-covered one last.
        assertThat(argv).containsSubsequence("--tmpfs", "/tmp", "--ro-bind", ws.toString(), "--bind",
                ws.resolve("src").toString(), "--ro-bind", ws.resolve("src/keys").toString());
        assertThat(argv).containsSubsequence("--chdir", ws.toString(), "--clearenv", "--setenv", "HOME",
                ws.toString());
        assertThat(argv.subList(argv.indexOf("--") + 1, argv.size())).containsExactly("ls", "-l");
    }

    @Test
    void onlyTheSystemFoldersAndTwoEtcEntriesAreShown() throws Exception {
        Path ws = dir.toRealPath();
        List<String> argv = new Bubblewrap(Path.of("/usr/bin/bwrap")).arguments(Confinement.readOnly(ws),
                List.of("true"));
        List<String> sources = new ArrayList<>();
        for (int i = 0; i + 1 < argv.indexOf("--"); i++) {
            if (argv.get(i).startsWith("--ro-bind") || argv.get(i).equals("--bind")) {
                sources.add(argv.get(i + 1));
            }
        }
        assertThat(sources).doesNotContain("/", "/etc", "/home", "/root", "/work", "/tmp", "/var", "/run");
        assertThat(sources).filteredOn(s -> s.startsWith("/etc")).containsExactlyInAnyOrder(
                "/etc/alternatives", "/etc/ld.so.cache");
        assertThat(sources).contains("/usr", ws.toString());
        for (String folder : List.of("/bin", "/lib", "/sbin")) {
            if (Files.isSymbolicLink(Path.of(folder))) {
                assertThat(argv).containsSubsequence("--symlink", Files.readSymbolicLink(Path.of(folder)).toString(),
                        folder);
            }
        }
        assertThat(argv).containsSubsequence("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp");
    }

    @Test
    void detectFindsBubblewrapOnLinuxAndRefusesWithInstructionsWithoutIt() {
        assertThat(Sandbox.detect("Linux", Path.of("/usr/bin/true"), Path.of("/nope")))
                .isInstanceOf(Bubblewrap.class);
        Sandbox missing = Sandbox.detect("Linux", dir.resolve("no-bwrap"), Path.of("/nope"));
        assertThat(missing).isInstanceOf(Sandbox.Unavailable.class);
        assertThat(missing.launch(Confinement.readOnly(dir), List.of("ls")))
                .isInstanceOfSatisfying(Sandbox.Launch.Refused.class, r -> assertThat(r.reason())
                        .contains("apt-get install bubblewrap"));
        assertThat(Sandbox.detect("Mac OS X", Path.of("/nope"), dir.resolve("no-sandbox-exec")).launch(
                Confinement.readOnly(dir), List.of("ls")))
                .isInstanceOfSatisfying(Sandbox.Launch.Refused.class, r -> assertThat(r.reason())
                        .contains("sandbox-exec is missing"));
        assertThat(Sandbox.detect("Windows 11", Path.of("/usr/bin/true"), Path.of("/usr/bin/true")))
                .isInstanceOf(Sandbox.Unavailable.class);
        assertThat(Sandbox.detect("Mac OS X", Path.of("/nope"), Path.of("/usr/bin/true")))
                .isInstanceOf(SandboxExec.class);
    }

    @Test
    void theOptOutRunsTheVectorAsGivenWithAClearedEnvironment() {
        Sandbox.Launch launch = Sandbox.none().launch(Confinement.readOnly(dir), List.of("ls", "-l"));
        assertThat(launch).isInstanceOfSatisfying(Sandbox.Launch.Run.class, run -> {
            assertThat(run.argv()).containsExactly("ls", "-l");
            assertThat(run.env()).containsOnlyKeys("PATH", "HOME", "LANG");
        });
    }
}
