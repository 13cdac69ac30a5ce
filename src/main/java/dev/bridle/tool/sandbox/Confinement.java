package dev.bridle.tool.sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * What one sandboxed command may see of the file system: the workspace (read-only), the folders inside it that it
 * may write, and the folders inside those that stay read-only because a deny rule covers them.
 *
 * @param workspace the real path of the workspace folder
 * @param writable real paths of folders (or files) inside the workspace bound read-write, outermost first
 * @param readOnly real paths inside writable folders bound read-only again over them
 */
public record Confinement(Path workspace, List<Path> writable, List<Path> readOnly) {
    public Confinement {
        writable = List.copyOf(writable);
        readOnly = List.copyOf(readOnly);
        for (Path p : writable) {
            requireInside(workspace, p);
        }
        for (Path p : readOnly) {
            requireInside(workspace, p);
        }
    }

    /** The workspace, read-only as a whole. */
    public static Confinement readOnly(Path workspace) {
        return new Confinement(workspace, List.of(), List.of());
    }

    private static void requireInside(Path workspace, Path p) {
        if (!p.isAbsolute() || !p.normalize().equals(p) || !p.startsWith(workspace)) {
            throw new IllegalArgumentException("not a normalised path inside the workspace: " + p);
        }
    }
}
