package dev.bridle.access;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * One path inside a {@link PathScope}, held as an open handle on the real folder that contains it plus the entry
 * name; every operation is relative to that handle and never follows a link.
 */
public final class ScopedFile implements Closeable {

    /**
     * One entry of a folder listing.
     *
     * @param name the entry's name
     * @param kind {@code file}, {@code folder}, {@code link} or {@code other}
     * @param size the size in bytes as the file system reports it
     */
    public record Entry(String name, String kind, long size) {}

    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> WRITE = Set.of(
            StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            LinkOption.NOFOLLOW_LINKS);

    private final SecureDirectoryStream<Path> folder;
    private final String name;
    private final String relative;
    private final BasicFileAttributes attributes;

    ScopedFile(SecureDirectoryStream<Path> folder, String name, String relative, BasicFileAttributes attributes) {
        this.folder = folder;
        this.name = name;
        this.relative = relative;
        this.attributes = attributes;
    }

    /** The real workspace-relative path, links resolved; {@code .} for the root. */
    public String relative() {
        return relative;
    }

    /** Whether the entry existed when the path was walked. */
    public boolean exists() {
        return name == null || attributes != null;
    }

    /** Whether the entry is a folder (the root is). */
    public boolean isFolder() {
        return name == null || (attributes != null && attributes.isDirectory());
    }

    /** Whether the entry is a regular file. */
    public boolean isRegularFile() {
        return attributes != null && attributes.isRegularFile();
    }

    /** The entry's size in bytes as seen during the walk, or 0. */
    public long size() {
        return attributes == null ? 0 : attributes.size();
    }

    /** Opens the file for reading without following a link. */
    public SeekableByteChannel openRead() throws IOException {
        requireEntry();
        return guarded(() -> folder.newByteChannel(Path.of(name), READ));
    }

    /** Creates or truncates the file and opens it for writing, without following a link. */
    public SeekableByteChannel openWrite() throws IOException {
        requireEntry();
        if (attributes != null && !attributes.isRegularFile()) {
            throw new PathRefusedException("not a regular file: " + relative);
        }
        return guarded(() -> folder.newByteChannel(Path.of(name), WRITE));
    }

    /** The folder's entries sorted by name, at most {@code max} of them. */
    public List<Entry> list(int max) throws IOException {
        if (!isFolder()) {
            throw new PathRefusedException("not a folder: " + relative);
        }
        List<Entry> entries = new ArrayList<>();
        if (name == null) {
            collect(folder, entries, max);
        } else {
            try (SecureDirectoryStream<Path> inner = guarded(
                    () -> folder.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS))) {
                collect(inner, entries, max);
            }
        }
        entries.sort(Comparator.comparing(Entry::name));
        return entries;
    }

    /** Deletes the file, or the folder when it is empty; the root cannot be deleted. */
    public void delete() throws IOException {
        requireEntry();
        if (attributes == null) {
            throw new PathRefusedException("no such file: " + relative);
        }
        if (attributes.isDirectory()) {
            folder.deleteDirectory(Path.of(name));
        } else {
            folder.deleteFile(Path.of(name));
        }
    }

    @Override
    public void close() throws IOException {
        folder.close();
    }

    private void requireEntry() throws PathRefusedException {
        if (name == null) {
            throw new PathRefusedException("the workspace root is a folder");
        }
    }

    private static void collect(SecureDirectoryStream<Path> dir, List<Entry> entries, int max) throws IOException {
        for (Path child : dir) {
            if (entries.size() >= max) {
                break;
            }
            Path entryName = child.getFileName();
            BasicFileAttributes a;
            try {
                a = dir.getFileAttributeView(entryName, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes();
            } catch (FileSystemException e) {
                continue;
            }
            String kind = a.isSymbolicLink() ? "link" : a.isDirectory() ? "folder" : a.isRegularFile() ? "file"
                    : "other";
            entries.add(new Entry(entryName.toString(), kind, a.size()));
        }
    }

    private interface Opening<T> {
        T open() throws IOException;
    }

    private <T> T guarded(Opening<T> opening) throws IOException {
        try {
            return opening.open();
        } catch (FileSystemException e) {
            if ("Too many levels of symbolic links".equals(e.getReason()) || e.getReason() != null
                    && e.getReason().contains("symbolic link")) {
                throw new PathRefusedException("became a symlink while being opened: " + relative);
            }
            throw e;
        }
    }
}
