package dev.bridle.scenario;

import dev.bridle.policy.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A scenario's workspace made real in a fresh temporary folder: {@code ROOT/workspace} with its files and links, and
 * {@code ROOT/outside} with the files a link or a traversal would reach. Deleted when closed.
 */
final class ScenarioWorkspace implements AutoCloseable {

    private final Path root;
    private final Path workspace;

    private ScenarioWorkspace(Path root) {
        this.root = root;
        this.workspace = root.resolve("workspace");
    }

    static ScenarioWorkspace create(Scenario.Workspace spec) {
        try {
            ScenarioWorkspace w = new ScenarioWorkspace(Files.createTempDirectory("bridle-scenario-"));
            Files.createDirectories(w.workspace);
            write(w.workspace, spec.files());
            write(w.root.resolve("outside"), spec.outside());
            for (Map.Entry<String, String> link : spec.links().entrySet()) {
                Path at = w.workspace.resolve(link.getKey());
                Files.createDirectories(at.getParent());
                Files.createSymbolicLink(at, Path.of(link.getValue()));
            }
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the scenario's workspace: " + e.getMessage(), e);
        }
    }

    private static void write(Path base, Map<String, String> files) throws IOException {
        Files.createDirectories(base);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path at = base.resolve(f.getKey());
            Files.createDirectories(at.getParent());
            Files.writeString(at, f.getValue());
        }
    }

    Path workspace() {
        return workspace;
    }

    /** Whether a workspace-relative file exists after the run (links are not followed). */
    boolean exists(String relative) {
        return Files.exists(workspace.resolve(relative), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temporary folder; what is left is the system's to clean
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
