package dev.bridle.access;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The C library's {@code openat}, {@code mkdirat} and {@code statx}, called through the Foreign Function &amp; Memory
 * API, so that a file is reached, parent folders are created and the file is opened, checked and written each
 * relative to an open folder handle that refuses links.
 *
 * <p>Why this and not the JDK alone: {@link java.nio.file.SecureDirectoryStream} opens relative to a handle but
 * cannot create a folder relative to one, and no JDK channel says how many names (hard links) the file it holds
 * has. Creating a folder by path leaves a window in which a parent swapped for a symbolic link makes the folder
 * appear outside the workspace; {@code mkdirat(dirfd, name)} on a handle opened with {@code O_NOFOLLOW} has no such
 * window. A write puts its content in a new file ({@code O_EXCL}) and renames it over the entry
 * ({@code renameat}), so it never writes into an existing file, whatever was swapped in; a read checks the link
 * count and the entry's identity with {@code statx} on the opened descriptor before and after reading.
 *
 * <p>Wired for Linux on x86-64 and AArch64 (the open flags differ between the two; {@code statx}'s layout does
 * not). macOS has the same calls with other flag values and another {@code stat} layout; it, and any platform where
 * the calls cannot be bound, gets {@link Optional#empty()} from {@link #load()}, and {@link ScopedFile} then uses
 * its check-after-create fallback.
 */
final class NativeFolders {

    private static final int AT_FDCWD = -100;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0x40;
    private static final int O_EXCL = 0x80;
    private static final int O_NOCTTY = 0x100;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;
    private static final int S_IFMT = 0xf000;
    private static final int S_IFREG = 0x8000;
    private static final int S_IFLNK = 0xa000;
    private static final int ENOENT = 2;
    private static final int EINTR = 4;
    private static final int ENXIO = 6;
    private static final int EEXIST = 17;
    private static final int ENOTDIR = 20;
    private static final int EISDIR = 21;
    private static final int ELOOP = 40;
    private static final int STATX_SIZE = 256;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final int oDirectory;
    private final int oNofollow;
    private final MethodHandle openat;
    private final MethodHandle mkdirat;
    private final MethodHandle statx;
    private final MethodHandle read;
    private final MethodHandle write;
    private final MethodHandle renameat;
    private final MethodHandle unlinkat;
    private final MethodHandle fchmod;
    private final MethodHandle close;
    private final StructLayout captured;
    private final VarHandle errno;

    private NativeFolders(int oDirectory, int oNofollow) {
        this.oDirectory = oDirectory;
        this.oNofollow = oNofollow;
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        this.captured = Linker.Option.captureStateLayout();
        this.errno = captured.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        Linker.Option keepErrno = Linker.Option.captureCallState("errno");
        this.openat = linker.downcallHandle(libc.find("openat").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), keepErrno,
                Linker.Option.firstVariadicArg(3));
        this.mkdirat = linker.downcallHandle(libc.find("mkdirat").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), keepErrno);
        this.statx = linker.downcallHandle(libc.find("statx").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), keepErrno);
        this.read = linker.downcallHandle(libc.find("read").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), keepErrno);
        this.write = linker.downcallHandle(libc.find("write").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), keepErrno);
        this.renameat = linker.downcallHandle(libc.find("renameat").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), keepErrno);
        this.unlinkat = linker.downcallHandle(libc.find("unlinkat").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), keepErrno);
        this.fchmod = linker.downcallHandle(libc.find("fchmod").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), keepErrno);
        this.close = linker.downcallHandle(libc.find("close").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    /** The calls on this platform, bound once, or empty where they are not wired or cannot be bound. */
    static Optional<NativeFolders> load() {
        return Bound.CALLS;
    }

    /** Binds on first use only, so that a platform without the calls pays nothing until a file is touched. */
    private static final class Bound {
        static final Optional<NativeFolders> CALLS = bind();
    }

    private static Optional<NativeFolders> bind() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.equals("linux")) {
            return Optional.empty();
        }
        try {
            // O_DIRECTORY and O_NOFOLLOW are the two open flags whose values differ between these architectures
            return switch (arch) {
                case "amd64", "x86_64" -> Optional.of(new NativeFolders(0x10000, 0x20000));
                case "aarch64", "arm64" -> Optional.of(new NativeFolders(0x4000, 0x8000));
                default -> Optional.empty();
            };
        } catch (RuntimeException | LinkageError e) {
            // no statx (a C library older than glibc 2.28) or native access denied: the fallback takes over
            return Optional.empty();
        }
    }

    /** A file's identity and kind as {@code statx} reports them. */
    record Stat(long device, long inode, int mode, long links, long size) {
        boolean isRegularFile() {
            return (mode & S_IFMT) == S_IFREG;
        }
    }

    /** The workspace folder's identity (the JDK's {@code unix:dev} and {@code unix:ino}), checked on its handle. */
    record Identity(long device, long inode) {}

    /**
     * Reads at most {@code max} bytes of the regular file {@code segments} below the workspace root.
     *
     * @throws PathRefusedException when a component is, or became, a link, or the file is not a regular file with
     *     one name
     */
    byte[] read(Path root, Identity rootId, List<String> segments, int max) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(captured);
            int dir = walk(arena, state, root, rootId, segments, false);
            try {
                int fd = openEntry(arena, state, dir, segments, O_RDONLY);
                try {
                    Stat stat = requireOnlyName(arena, state, dir, fd, segments);
                    byte[] bytes = readAll(arena, state, fd, stat.size(), max, segments);
                    // checked again after reading: what was read while the file had another name is dropped
                    requireOnlyName(arena, state, dir, fd, segments);
                    return bytes;
                } finally {
                    closeQuietly(fd);
                }
            } finally {
                closeQuietly(dir);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("native call failed: " + t, t);
        }
    }

    private byte[] readAll(Arena arena, MemorySegment state, int fd, long size, int max, List<String> segments)
            throws Throwable {
        // sized by the file, not the cap, and grown if the file grows while it is read
        long capacity = Math.max(1, Math.min(max, size + 1));
        MemorySegment buffer = arena.allocate(capacity);
        long total = 0;
        while (total < max) {
            if (total == capacity) {
                capacity = Math.min(max, capacity * 2);
                MemorySegment bigger = arena.allocate(capacity);
                MemorySegment.copy(buffer, 0, bigger, 0, total);
                buffer = bigger;
            }
            long n = (long) read.invokeExact(state, fd, buffer.asSlice(total), capacity - total);
            if (n < 0) {
                if (errno(state) == EINTR) {
                    continue;
                }
                throw new IOException("read failed (errno " + errno(state) + "): " + join(segments));
            }
            if (n == 0) {
                break;
            }
            total += n;
        }
        return buffer.asSlice(0, total).toArray(JAVA_BYTE);
    }

    /**
     * Creates or replaces the content of the file {@code segments} below the workspace root, creating missing
     * parent folders one at a time, each relative to the handle on the folder above it.
     *
     * <p>An existing file is never written into: the content goes into a new file, created with {@code O_EXCL} in
     * the same folder (so it is ours and has no other name), which then replaces the entry with {@code renameat}.
     * A hard link to an outside file swapped in at any moment therefore only loses its inside name; the outside
     * file is not touched. Counting links alone is not enough for that: under a concurrent {@code link} and
     * {@code rename}, {@code statx} was seen to report one link for a file that had two. The entry is still
     * refused, before anything is written, when it is a link, not a regular file, or has more than one name.
     *
     * @throws PathRefusedException when a component is, or became, a link, or the file is not a regular file with
     *     one name
     */
    void write(Path root, Identity rootId, List<String> segments, byte[] content) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(captured);
            int dir = walk(arena, state, root, rootId, segments, true);
            try {
                MemorySegment name = arena.allocateFrom(segments.getLast());
                Stat existing = existing(arena, state, dir, segments);
                int mode = existing == null ? 0666 : existing.mode() & 07777;
                String temporary = ".bridle-write-" + Long.toHexString(RANDOM.nextLong()) + ".tmp";
                MemorySegment cTemporary = arena.allocateFrom(temporary);
                int fd = (int) openat.invokeExact(state, dir, cTemporary,
                        O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY | oNofollow, mode);
                if (fd < 0) {
                    throw new IOException("cannot create a file beside " + join(segments) + " (errno "
                            + errno(state) + ")");
                }
                boolean renamed = false;
                try {
                    try {
                        if (existing != null) {
                            // the umask applied to the open; the replaced file's own permission bits are kept
                            int ignored = (int) fchmod.invokeExact(state, fd, mode);
                        }
                        writeAll(arena, state, fd, content, segments);
                    } finally {
                        closeQuietly(fd);
                    }
                    if ((int) renameat.invokeExact(state, dir, cTemporary, dir, name) != 0) {
                        int error = errno(state);
                        throw error == EISDIR ? new PathRefusedException("not a regular file: " + join(segments))
                                : new IOException("cannot replace " + join(segments) + " (errno " + error + ")");
                    }
                    renamed = true;
                } finally {
                    if (!renamed) {
                        int ignored = (int) unlinkat.invokeExact(state, dir, cTemporary, 0);
                    }
                }
            } finally {
                closeQuietly(dir);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("native call failed: " + t, t);
        }
    }

    /** The entry about to be replaced, or null when there is none; refused when it may not be replaced. */
    private Stat existing(Arena arena, MemorySegment state, int dir, List<String> segments) throws Throwable {
        Stat named;
        try {
            named = stat(arena, state, dir, segments.getLast(), AT_SYMLINK_NOFOLLOW);
        } catch (IOException e) {
            if (errno(state) == ENOENT) {
                return null;
            }
            throw e;
        }
        if ((named.mode() & S_IFMT) == S_IFLNK) {
            throw new PathRefusedException("became a symlink while being opened: " + join(segments));
        }
        if (!named.isRegularFile()) {
            throw new PathRefusedException("not a regular file: " + join(segments));
        }
        if (named.links() > 1) {
            throw new PathRefusedException(PathScope.hardLinkReason(join(segments), named.links()));
        }
        if ((named.mode() & 0200) == 0) {
            // replacing the entry would bypass the permission that writing into the file would have met
            throw new PathRefusedException("read-only file: " + join(segments));
        }
        return named;
    }

    private void writeAll(Arena arena, MemorySegment state, int fd, byte[] content, List<String> segments)
            throws Throwable {
        MemorySegment buffer = arena.allocate(Math.max(1, content.length));
        MemorySegment.copy(content, 0, buffer, JAVA_BYTE, 0, content.length);
        long done = 0;
        while (done < content.length) {
            long n = (long) write.invokeExact(state, fd, buffer.asSlice(done), content.length - done);
            if (n < 0) {
                if (errno(state) == EINTR) {
                    continue;
                }
                throw new IOException("write failed (errno " + errno(state) + "): " + join(segments));
            }
            done += n;
        }
    }

    /**
     * Opens the root by path and checks it is the workspace folder recorded, then opens (and, when {@code create},
     * makes) each parent folder of the last segment relative to the one before, refusing links.
     */
    private int walk(Arena arena, MemorySegment state, Path root, Identity rootId, List<String> segments,
            boolean create) throws Throwable {
        int dir = (int) openat.invokeExact(state, AT_FDCWD, arena.allocateFrom(root.toString()),
                O_RDONLY | O_CLOEXEC | oDirectory | oNofollow, 0);
        if (dir < 0) {
            throw new PathRefusedException("the workspace folder cannot be opened (errno " + errno(state) + ")");
        }
        try {
            Stat rootStat = stat(arena, state, dir);
            if (rootStat.device() != rootId.device() || rootStat.inode() != rootId.inode()) {
                throw new PathRefusedException("the workspace folder was replaced");
            }
            List<String> done = new ArrayList<>();
            for (String name : segments.subList(0, segments.size() - 1)) {
                done.add(name);
                MemorySegment cName = arena.allocateFrom(name);
                int flags = O_RDONLY | O_CLOEXEC | oDirectory | oNofollow;
                int next = (int) openat.invokeExact(state, dir, cName, flags, 0);
                if (next < 0 && errno(state) == ENOENT && create) {
                    int made = (int) mkdirat.invokeExact(state, dir, cName, 0777);
                    if (made != 0 && errno(state) != EEXIST) {
                        throw new IOException("cannot create folder " + join(done) + " (errno " + errno(state) + ")");
                    }
                    next = (int) openat.invokeExact(state, dir, cName, flags, 0);
                }
                if (next < 0) {
                    int error = errno(state);
                    if (error == ELOOP || error == ENOTDIR) {
                        throw new PathRefusedException("changed while being opened: " + join(done));
                    }
                    if (error == ENOENT) {
                        throw new PathRefusedException("no such file: " + join(done));
                    }
                    throw new IOException("cannot open folder " + join(done) + " (errno " + error + ")");
                }
                closeQuietly(dir);
                dir = next;
            }
            int result = dir;
            dir = -1;
            return result;
        } finally {
            if (dir >= 0) {
                closeQuietly(dir);
            }
        }
    }

    private int openEntry(Arena arena, MemorySegment state, int dir, List<String> segments, int mode)
            throws Throwable {
        // O_NONBLOCK: a FIFO swapped in for the file must not block the run; the check that follows refuses it
        int flags = mode | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | oNofollow;
        int fd = (int) openat.invokeExact(state, dir, arena.allocateFrom(segments.getLast()), flags, 0666);
        if (fd >= 0) {
            return fd;
        }
        int error = errno(state);
        String relative = join(segments);
        if (error == ELOOP) {
            throw new PathRefusedException("became a symlink while being opened: " + relative);
        }
        if (error == ENOENT) {
            throw new PathRefusedException("no such file: " + relative);
        }
        if (error == ENXIO || error == EISDIR) {
            throw new PathRefusedException("not a regular file: " + relative);
        }
        throw new IOException("cannot open " + relative + " (errno " + error + ")");
    }

    /**
     * Checks, on the open descriptor, that it is a regular file with one name, and that this one name is still the
     * entry it was opened by. The count alone is not enough: open a hard link to an outside file, then remove the
     * inside name, and the descriptor holds the outside file with a count of one.
     */
    private Stat requireOnlyName(Arena arena, MemorySegment state, int dir, int fd, List<String> segments)
            throws Throwable {
        Stat held = stat(arena, state, fd, "", AT_EMPTY_PATH);
        if (!held.isRegularFile()) {
            throw new PathRefusedException("not a regular file: " + join(segments));
        }
        if (held.links() > 1) {
            throw new PathRefusedException(PathScope.hardLinkReason(join(segments), held.links()));
        }
        Stat named;
        try {
            named = stat(arena, state, dir, segments.getLast(), AT_SYMLINK_NOFOLLOW);
        } catch (IOException e) {
            throw new PathRefusedException("changed while being opened: " + join(segments));
        }
        if (named.device() != held.device() || named.inode() != held.inode()) {
            throw new PathRefusedException("changed while being opened: " + join(segments));
        }
        if (named.links() > 1) {
            throw new PathRefusedException(PathScope.hardLinkReason(join(segments), named.links()));
        }
        return held;
    }

    private Stat stat(Arena arena, MemorySegment state, int fd) throws Throwable {
        return stat(arena, state, fd, "", AT_EMPTY_PATH);
    }

    private Stat stat(Arena arena, MemorySegment state, int dir, String name, int flags) throws Throwable {
        MemorySegment buffer = arena.allocate(STATX_SIZE, 8);
        int rc = (int) statx.invokeExact(state, dir, arena.allocateFrom(name), flags, STATX_BASIC_STATS, buffer);
        if (rc != 0) {
            throw new IOException("statx failed (errno " + errno(state) + ")");
        }
        // struct statx: stx_nlink u32 @16, stx_mode u16 @28, stx_ino u64 @32, stx_size u64 @40,
        // stx_dev_major u32 @136, stx_dev_minor u32 @140 (the same on every architecture)
        long links = Integer.toUnsignedLong(buffer.get(JAVA_INT, 16));
        int mode = Short.toUnsignedInt(buffer.get(JAVA_SHORT, 28));
        long inode = buffer.get(JAVA_LONG, 32);
        long size = buffer.get(JAVA_LONG, 40);
        long major = Integer.toUnsignedLong(buffer.get(JAVA_INT, 136));
        long minor = Integer.toUnsignedLong(buffer.get(JAVA_INT, 140));
        return new Stat(makedev(major, minor), inode, mode, links, size);
    }

    /** The C library's {@code makedev}: the {@code st_dev} that the JDK's {@code unix:dev} reports. */
    static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12)
                | (minor & 0xffL);
    }

    private int errno(MemorySegment state) {
        return (int) errno.get(state, 0L);
    }

    private void closeQuietly(int fd) {
        try {
            int ignored = (int) close.invokeExact(fd);
        } catch (Throwable ignored) {
            // a close that fails leaves nothing to undo
        }
    }

    private static String join(List<String> segments) {
        return WorkspacePath.join(segments);
    }
}
