package dev.bridle.scenario;

import dev.bridle.policy.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A scenario's workspace made real in a fresh temporary folder: {@code ROOT/workspace} with its files and links, and
 * {@code ROOT/outside} with the files a link or a traversal would reach. Deleted when closed.
 *
 * <p>The keys come from whoever wrote the scenario and are written by whoever runs it, so they are checked here
 * again, independently of validation: a key must be relative without {@code .} or {@code ..} segments, every
 * folder on its way is made here and must be a real folder (not a link), and each file is created new without
 * following a link. A link's target must be relative, and once every link exists, where it really leads (links
 * followed, {@code ..} read as the operating system reads it) must be inside the workspace or the outside folder.
 * Anything else refuses the whole workspace, which is then deleted.
 */
final class ScenarioWorkspace implements AutoCloseable {

    private final Path root;
    private final Path workspace;
    private final Path outside;

    private ScenarioWorkspace(Path root) {
        this.root = root;
        this.workspace = root.resolve("workspace");
        this.outside = root.resolve("outside");
    }

    static ScenarioWorkspace create(Scenario.Workspace spec) {
        return create(spec, null);
    }

    /** The workspace in a new folder under {@code parent}, or under the system's temporary folder when null. */
    static ScenarioWorkspace create(Scenario.Workspace spec, Path parent) {
        ScenarioWorkspace w;
        try {
            Path made = parent == null ? Files.createTempDirectory("bridle-scenario-")
                    : Files.createTempDirectory(parent, "bridle-scenario-");
            w = new ScenarioWorkspace(made.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the scenario's workspace: " + e.getMessage(), e);
        }
        try {
            Files.createDirectory(w.workspace);
            Files.createDirectory(w.outside);
            for (Map.Entry<String, String> f : spec.files().entrySet()) {
                w.writeNew(w.workspace, "files", f.getKey(), f.getValue());
            }
            for (Map.Entry<String, String> f : spec.outside().entrySet()) {
                w.writeNew(w.outside, "outside", f.getKey(), f.getValue());
            }
            for (Map.Entry<String, String> link : spec.links().entrySet()) {
                w.link(link.getKey(), link.getValue());
            }
            for (Map.Entry<String, String> link : spec.links().entrySet()) {
                w.requireReachInside(link.getKey(), link.getValue());
            }
            return w;
        } catch (IOException | InvalidPathException e) {
            w.close();
            throw new UncheckedIOException("cannot create the scenario's workspace: " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e.getMessage(), e));
        }
    }

    private void writeNew(Path base, String section, String key, String content) throws IOException {
        Path at = place(base, section, key);
        // CREATE_NEW with NOFOLLOW_LINKS: an existing entry, and above all a link, is never written through
        Files.write(at, content.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    private void link(String key, String target) throws IOException {
        if (target.isEmpty() || target.indexOf('\0') >= 0 || Path.of(target).isAbsolute() || target.startsWith("~")) {
            throw new IOException("links '" + key + "': the target '" + target + "' must be a relative path");
        }
        Files.createSymbolicLink(place(workspace, "links", key), Path.of(target));
    }

    /**
     * The path of {@code key} under {@code base}, with every folder on its way made here as a real folder; refused
     * when the key is not a plain relative path or a folder on the way is a link or a file.
     */
    private Path place(Path base, String section, String key) throws IOException {
        if (key.isEmpty() || key.indexOf('\0') >= 0 || key.startsWith("/") || key.startsWith("~")) {
            throw new IOException(section + " key '" + key + "' must be a relative path");
        }
        Path relative = Path.of(key);
        if (relative.isAbsolute() || relative.getNameCount() != key.split("/", -1).length) {
            throw new IOException(section + " key '" + key + "' must be a relative path without empty segments");
        }
        Path at = base;
        for (int i = 0; i < relative.getNameCount(); i++) {
            String name = relative.getName(i).toString();
            if (name.equals("..") || name.equals(".")) {
                throw new IOException(section + " key '" + key + "' must not have '.' or '..' segments");
            }
            at = at.resolve(name);
            if (i == relative.getNameCount() - 1) {
                break;
            }
            if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(at);
            }
            BasicFileAttributes a = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory() || a.isSymbolicLink()) {
                throw new IOException(section + " key '" + key + "' passes through " + base.relativize(at)
                        + ", which is a link or a file");
            }
        }
        if (!at.normalize().startsWith(base)) {
            throw new IOException(section + " key '" + key + "' leads out of its folder");
        }
        return at;
    }

    /**
     * Follows the target of the link at {@code key} as the operating system would, one segment at a time from the
     * link's real folder, and refuses it unless it ends inside the workspace or the outside folder.
     */
    private void requireReachInside(String key, String target) throws IOException {
        Path at = workspace.resolve(key).getParent().toRealPath();
        String[] segments = target.split("/");
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            at = segment.equals("..") ? at.getParent() : at.resolve(segment);
            if (at == null) {
                throw new IOException("links '" + key + "': the target '" + target + "' leads out of the root");
            }
            if (Files.isSymbolicLink(at)) {
                if (!Files.exists(at)) {
                    throw new IOException("links '" + key + "': the target '" + target + "' goes through the"
                            + " dangling link " + at);
                }
                at = at.toRealPath();
            }
        }
        if (!(at.startsWith(workspace) || at.startsWith(outside))) {
            throw new IOException("links '" + key + "': the target '" + target + "' leads out of the workspace and"
                    + " the scenario's outside folder");
        }
    }

    Path workspace() {
        return workspace;
    }

    /** Whether a workspace-relative file exists after the run (links are not followed); false for a key outside. */
    boolean exists(String relative) {
        Path at = workspace.resolve(relative).normalize();
        return at.startsWith(workspace) && !Path.of(relative).isAbsolute()
                && Files.exists(at, LinkOption.NOFOLLOW_LINKS);
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
