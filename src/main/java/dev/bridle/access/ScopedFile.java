package dev.bridle.access;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One path inside a {@link PathScope}, held as an open handle on the real folder that contains it (or, for a path
 * whose parents are missing, on the nearest existing folder) plus the entry name; every operation is relative to a
 * handle and never follows a link. Only {@link #write} creates anything.
 *
 * <p>Where {@link NativeFolders} is available (Linux), {@link #read} and {@link #write} open every folder again
 * from the workspace root with {@code openat(O_NOFOLLOW)}, create missing folders with {@code mkdirat} relative to
 * the handle on the folder above, and check the opened file's type and link count on its descriptor
 * ({@code statx}). A write never writes into an existing file: it writes a new one ({@code O_EXCL}) beside it and
 * renames it over the entry. Elsewhere the fallback creates a missing folder by path, then checks that it is a
 * real folder under the verified handle and opens it from there, removing what it made when that check fails; it
 * writes a new file and moves it over the entry as well, and for reads compares the link count (read by path) and
 * file keys before and after opening. The fallback's remaining window: a parent swapped
 * for a link between that {@code mkdir} and its check can leave an empty folder outside, which the fallback then
 * tries to remove; nothing is ever written through it. Its read compares the entry before and after opening, not
 * the opened file itself, and opening a FIFO swapped in for a regular file may block there.
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
    private static final Set<OpenOption> NEW_FILE = Set.of(
            StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PathScope scope;
    private final SecureDirectoryStream<Path> folder;
    private final List<String> missing;
    private final String name;
    private final String relative;
    private final BasicFileAttributes attributes;

    ScopedFile(PathScope scope, SecureDirectoryStream<Path> folder, List<String> missing, String name,
            String relative, BasicFileAttributes attributes) {
        this.scope = scope;
        this.folder = folder;
        this.missing = missing;
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

    /**
     * How many names (hard links) the regular file walked to has; 1 for anything else. Read by path, and refused
     * when the file at that path is no longer the one walked.
     */
    public long hardLinks() throws IOException {
        if (!isRegularFile()) {
            return 1;
        }
        return linksByPath(attributes.fileKey());
    }

    /**
     * Reads at most {@code max} bytes of the file, refusing a link, anything but a regular file, and a file with
     * more than one name, as checked on the opened file.
     */
    public byte[] read(int max) throws IOException {
        requireEntry();
        if (!isRegularFile()) {
            throw new PathRefusedException("not a regular file: " + relative);
        }
        if (scope.natives().isPresent()) {
            return scope.natives().get().read(scope.root(), scope.rootId(), segments(), max);
        }
        refuseHardLink(attributes.fileKey());
        ByteBuffer buffer = ByteBuffer.allocate(max);
        try (SeekableByteChannel channel = guarded(() -> folder.newByteChannel(Path.of(name), READ))) {
            refuseChanged();
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading until the cap or the end
            }
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    /**
     * Creates or replaces the file with {@code content}, creating missing parent folders first; refuses a link,
     * anything but a regular file, and a file with more than one name. The content goes into a new file that then
     * replaces the entry, so an existing file, and above all one with a name outside, is never written into.
     */
    public void write(byte[] content) throws IOException {
        requireEntry();
        if (attributes != null && !attributes.isRegularFile()) {
            throw new PathRefusedException("not a regular file: " + relative);
        }
        if (scope.natives().isPresent()) {
            scope.natives().get().write(scope.root(), scope.rootId(), segments(), content);
            return;
        }
        SecureDirectoryStream<Path> parent = createMissing();
        try {
            BasicFileAttributes now = PathScope.lstat(parent, name);
            Set<PosixFilePermission> permissions = null;
            if (now != null) {
                if (!now.isRegularFile()) {
                    throw new PathRefusedException("not a regular file: " + relative);
                }
                refuseHardLink(now.fileKey());
                permissions = parent.getFileAttributeView(Path.of(name), PosixFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS).readAttributes().permissions();
                if (!permissions.contains(PosixFilePermission.OWNER_WRITE)) {
                    throw new PathRefusedException("read-only file: " + relative);
                }
            }
            // as in NativeFolders: a new file of ours replaces the entry, so no existing file is written into
            Path temporary = Path.of(".bridle-write-" + Long.toHexString(RANDOM.nextLong()) + ".tmp");
            boolean moved = false;
            try {
                try (SeekableByteChannel channel = parent.newByteChannel(temporary, NEW_FILE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
                if (permissions != null) {
                    parent.getFileAttributeView(temporary, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .setPermissions(permissions);
                }
                parent.move(temporary, parent, Path.of(name));
                moved = true;
            } finally {
                if (!moved) {
                    try {
                        parent.deleteFile(temporary);
                    } catch (IOException ignored) {
                        // never made, or already gone
                    }
                }
            }
        } finally {
            if (parent != folder) {
                parent.close();
            }
        }
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

    private List<String> segments() {
        return List.of(relative.split("/"));
    }

    private void requireEntry() throws PathRefusedException {
        if (name == null) {
            throw new PathRefusedException("the workspace root is a folder");
        }
    }

    private void refuseHardLink(Object fileKey) throws IOException {
        long names = linksByPath(fileKey);
        if (names > 1) {
            throw new PathRefusedException(PathScope.hardLinkReason(relative, names));
        }
    }

    private void refuseChanged() throws IOException {
        BasicFileAttributes now = PathScope.lstat(folder, name);
        if (now == null || !Objects.equals(now.fileKey(), attributes.fileKey())) {
            throw new PathRefusedException("changed while being opened: " + relative);
        }
        refuseHardLink(now.fileKey());
    }

    private long linksByPath(Object fileKey) throws IOException {
        Map<String, Object> unix;
        try {
            unix = Files.readAttributes(scope.root().resolve(relative), "unix:nlink,fileKey",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            throw new PathRefusedException("this platform cannot tell hard links apart; file access is off");
        } catch (FileSystemException e) {
            throw new PathRefusedException("changed while being checked: " + relative);
        }
        if (!Objects.equals(unix.get("fileKey"), fileKey)) {
            throw new PathRefusedException("changed while being checked: " + relative);
        }
        return ((Number) unix.get("nlink")).longValue();
    }

    /**
     * The fallback's folder creation: each missing folder is made by path, then must be a real folder entry of the
     * verified handle above it, and is opened from that handle without following links; when that fails, the
     * folders made by this call are removed again.
     */
    private SecureDirectoryStream<Path> createMissing() throws IOException {
        SecureDirectoryStream<Path> dir = folder;
        List<String> at = new ArrayList<>(segments().subList(0, segments().size() - missing.size() - 1));
        List<Path> made = new ArrayList<>();
        try {
            for (String segment : missing) {
                at.add(segment);
                Path byPath = scope.root().resolve(String.join("/", at));
                try {
                    Files.createDirectory(byPath);
                    made.add(byPath);
                } catch (FileAlreadyExistsException e) {
                    // made by someone else meanwhile; the check below decides whether it is usable
                }
                BasicFileAttributes a = PathScope.lstat(dir, segment);
                if (a == null || !a.isDirectory()) {
                    throw new PathRefusedException("could not create folder " + String.join("/", at) + " safely");
                }
                SecureDirectoryStream<Path> next;
                try {
                    next = dir.newDirectoryStream(Path.of(segment), LinkOption.NOFOLLOW_LINKS);
                } catch (FileSystemException e) {
                    throw new PathRefusedException("changed while being opened: " + String.join("/", at));
                }
                if (dir != folder) {
                    dir.close();
                }
                dir = next;
            }
            return dir;
        } catch (IOException e) {
            if (dir != folder) {
                dir.close();
            }
            for (Path p : made.reversed()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // not empty or gone: someone else's by now, and nothing of ours is in it
                }
            }
            throw e;
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
