package dev.bridle.attack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The attack suites' judge of "nothing outside changed": the tree beside a workspace, with every file's digest. */
final class OutsideTree {

    private OutsideTree() {}

    /** Everything under {@code root} but inside {@code workspace}: links as targets, files by SHA-256 of content. */
    static Map<String, String> snapshot(Path root, Path workspace) throws IOException, NoSuchAlgorithmException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (p.startsWith(workspace) && !p.equals(workspace)) {
                    continue;
                }
                String key = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    tree.put(key, "link " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    tree.put(key, "folder");
                } else {
                    tree.put(key, "file " + HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                }
            }
        }
        return tree;
    }
}
