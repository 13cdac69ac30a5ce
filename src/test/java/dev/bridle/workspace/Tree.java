package dev.bridle.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** A folder's whole content as sorted lines (path, kind, permissions, bytes or link target), for exact tests. */
public final class Tree {

    private Tree() {}

    /** Every path under {@code root}, the root's own permissions included; links are listed, never followed. */
    public static List<String> of(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted().toList()) {
                String rel = root.relativize(p).toString();
                String perms = Files.isSymbolicLink(p) ? "link"
                        : PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                if (Files.isSymbolicLink(p)) {
                    out.add(rel + " link -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(rel + "/ " + perms);
                } else if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(rel + " " + perms + " special");
                } else {
                    out.add(rel + " " + perms + " " + HexFormat.of().formatHex(Files.readAllBytes(p)));
                }
            }
        }
        return out;
    }
}
