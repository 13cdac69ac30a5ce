package dev.bridle.workspace;

import dev.bridle.event.RunEvent.FileChange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The checkpoints of one workspace folder and what changed in it between scans; see the package documentation for
 * the mechanism. One run owns one history, on one thread; {@link #close()} deletes the store.
 */
public final class WorkspaceHistory implements AutoCloseable {

    /** Files up to this size keep their bytes even without checkpoints, so that a step's diff has its pre-image. */
    static final long DIFF_MAX_BYTES = 64 * 1024;

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final String RESTORE_PREFIX = ".bridle-restore-";

    private final Path root;
    private final Path store;
    private final boolean ownsStore;
    private final boolean keepAll;
    private Manifest current;
    private long tmpNo;

    private WorkspaceHistory(Path root, Path store, boolean ownsStore, boolean keepAll) {
        this.root = root;
        this.store = store;
        this.ownsStore = ownsStore;
        this.keepAll = keepAll;
        this.current = new Manifest(new TreeMap<>());
    }

    /**
     * A history of {@code workspace} with its store in a new temporary folder, deleted by {@link #close()}.
     *
     * @param keepAll whether every file's bytes are kept (a harness with checkpoints), or only those small enough
     *     for a diff
     */
    public static WorkspaceHistory open(Path workspace, boolean keepAll) throws IOException {
        Path store = Files.createTempDirectory("bridle-checkpoints-");
        return open(workspace, store, true, keepAll);
    }

    /** A history of {@code workspace} with its store in {@code store}, which must lie outside the workspace. */
    public static WorkspaceHistory open(Path workspace, Path store, boolean keepAll) throws IOException {
        return open(workspace, store, false, keepAll);
    }

    private static WorkspaceHistory open(Path workspace, Path store, boolean owns, boolean keepAll)
            throws IOException {
        Path root = workspace.toRealPath();
        Path real = Files.createDirectories(store).toRealPath();
        if (real.startsWith(root) || root.startsWith(real)) {
            throw new IOException("the checkpoint store " + real + " must lie outside the workspace " + root);
        }
        Files.createDirectories(real.resolve("blobs"));
        Files.createDirectories(real.resolve("tmp"));
        WorkspaceHistory h = new WorkspaceHistory(root, real, owns, keepAll);
        h.current = h.scan();
        return h;
    }

    /** The workspace folder (its real path). */
    public Path root() {
        return root;
    }

    /** The folder that holds the kept bytes. */
    Path store() {
        return store;
    }

    /** What the last scan saw. */
    public Manifest current() {
        return current;
    }

    /**
     * Scans the workspace again and returns what changed since the last scan, in path order. Bytes are read only for
     * files whose stat differs from the last scan.
     */
    public List<FileChange> step() throws IOException {
        Manifest before = current;
        current = scan();
        return changes(before, current);
    }

    /** A checkpoint of the workspace as it is now: a scan whose every file's bytes are in the store. */
    public Manifest checkpoint() throws IOException {
        Manifest m = scan();
        current = m;
        return m;
    }

    /**
     * Makes the workspace equal to {@code target}, byte for byte, with its folders, permissions and links, and
     * returns what the restore changed. Nothing outside the workspace is ever written.
     *
     * @throws RestoreFailedException when a path cannot be restored; the message names it and what was done
     */
    public List<FileChange> restore(Manifest target) throws RestoreFailedException {
        Manifest now;
        try {
            now = scan();
        } catch (IOException e) {
            throw new RestoreFailedException("cannot read the workspace before restoring it: " + e.getMessage(), 0, e);
        }
        int done = 0;
        String at = "";
        try {
            SortedMap<String, Entry> want = target.entries();
            SortedMap<String, Entry> have = now.entries();
            // Deepest first, so that a folder is empty when its turn comes.
            for (String p : have.sequencedKeySet().reversed()) {
                if (p.isEmpty()) {
                    continue;
                }
                Entry h = have.get(p);
                Entry w = want.get(p);
                if (w == null || w.kind() != h.kind() || (h.kind() == Entry.Kind.LINK
                        && !h.target().equals(w.target()))) {
                    at = p;
                    Path file = place(p);
                    writable(file.getParent());
                    if (h.kind() == Entry.Kind.FOLDER) {
                        writable(file);
                    }
                    Files.deleteIfExists(file);
                    done++;
                }
            }
            // Parents first: a folder exists before what it holds.
            for (Map.Entry<String, Entry> e : want.entrySet()) {
                String p = e.getKey();
                Entry w = e.getValue();
                Entry h = have.get(p);
                at = p;
                if (p.isEmpty()) {
                    continue;
                }
                Path file = place(p);
                boolean kept = h != null && h.kind() == w.kind()
                        && (w.kind() != Entry.Kind.LINK || w.target().equals(h.target()));
                switch (w.kind()) {
                    case FOLDER -> {
                        if (!kept) {
                            writable(file.getParent());
                            Files.createDirectory(file);
                            done++;
                        }
                    }
                    case FILE -> {
                        if (!kept || !w.hash().equals(h.hash())) {
                            writeFile(file, w);
                            done++;
                        } else if (w.mode() != h.mode()) {
                            setMode(file, w.mode());
                            done++;
                        }
                    }
                    case LINK -> {
                        if (!kept) {
                            Path tmp = tempBeside(file);
                            Files.createSymbolicLink(tmp, Path.of(w.target()));
                            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                            done++;
                        }
                    }
                    case OTHER -> {
                        if (!kept) {
                            throw new IOException("a FIFO, socket or device cannot be recreated");
                        }
                    }
                }
            }
            // Folder permissions last and deepest first: a folder made read-only would refuse what goes in it.
            for (String p : want.sequencedKeySet().reversed()) {
                Entry w = want.get(p);
                if (w.kind() == Entry.Kind.FOLDER) {
                    at = p;
                    Path folder = p.isEmpty() ? root : place(p);
                    if (mode(folder) != w.mode()) {
                        setMode(folder, w.mode());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            current = rescanQuietly();
            throw new RestoreFailedException("cannot restore '" + (at.isEmpty() ? "." : at) + "' after " + done
                    + " paths were restored: " + describe(e), done, e);
        }
        try {
            current = scan();
        } catch (IOException e) {
            throw new RestoreFailedException("cannot read the workspace after restoring it: " + e.getMessage(), done,
                    e);
        }
        return changes(now, current);
    }

    /** What differs between two manifests, in path order, with a diff for small text files. */
    public List<FileChange> changes(Manifest before, Manifest after) {
        List<FileChange> out = new ArrayList<>();
        TreeMap<String, Boolean> paths = new TreeMap<>();
        before.entries().keySet().forEach(p -> paths.put(p, true));
        after.entries().keySet().forEach(p -> paths.put(p, true));
        for (String p : paths.keySet()) {
            Entry b = before.entries().get(p);
            Entry a = after.entries().get(p);
            String name = p.isEmpty() ? "." : p;
            if (b == null) {
                out.add(new FileChange(name, "created", diff(null, a)));
            } else if (a == null) {
                out.add(new FileChange(name, "deleted", diff(b, null)));
            } else if (a.kind() != b.kind() || !Objects.equals(a.hash(), b.hash())
                    || !Objects.equals(a.target(), b.target())) {
                out.add(new FileChange(name, "changed", diff(b, a)));
            } else if (a.mode() != b.mode()) {
                out.add(new FileChange(name, "mode", String.format("mode %04o -> %04o", b.mode(), a.mode())));
            }
        }
        return out;
    }

    /** The bytes of a file as a checkpoint or a scan kept them, by hash; empty when they were not kept. */
    public Optional<byte[]> bytes(String hash) throws IOException {
        Path blob = blob(hash);
        return Files.exists(blob) ? Optional.of(Files.readAllBytes(blob)) : Optional.empty();
    }

    /** Deletes the store when this history made it. */
    @Override
    public void close() {
        if (!ownsStore) {
            return;
        }
        try (Stream<Path> all = Files.walk(store)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the checkpoint store " + store + ": " + e.getMessage(), e);
        }
    }

    /** Walks the workspace without following links, reusing the hashes of files whose stat did not change. */
    Manifest scan() throws IOException {
        SortedMap<String, Entry> prev = current.entries();
        TreeMap<String, Entry> out = new TreeMap<>();
        List<IOException> failures = new ArrayList<>();
        out.put("", entry(root, "", prev.get("")));
        // An explicit stack, not recursion: a workspace's depth is the agent's to choose. One lstat per entry.
        Deque<String> folders = new ArrayDeque<>();
        folders.push("");
        while (!folders.isEmpty()) {
            String folder = folders.pop();
            Path dir = folder.isEmpty() ? root : root.resolve(folder);
            try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
                for (Path child : children) {
                    String name = child.getFileName().toString();
                    String rel = folder.isEmpty() ? name : folder + "/" + name;
                    try {
                        Entry e = entry(child, rel, prev.get(rel));
                        out.put(rel, e);
                        if (e.kind() == Entry.Kind.FOLDER) {
                            folders.push(rel);
                        }
                    } catch (IOException e) {
                        failures.add(e);
                    }
                }
            } catch (IOException | DirectoryIteratorException e) {
                failures.add(e instanceof DirectoryIteratorException d ? d.getCause() : (IOException) e);
            }
        }
        if (!failures.isEmpty()) {
            IOException first = failures.getFirst();
            throw new IOException("cannot read " + failures.size() + " paths of the workspace, the first: "
                    + describe(first), first);
        }
        return new Manifest(out);
    }

    private String relative(Path p) {
        return root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }

    private Entry entry(Path p, String rel, Entry before) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,ino,ctime,size,lastModifiedTime", NOFOLLOW);
        int raw = (Integer) a.get("mode");
        Entry.Kind kind = switch (raw & 0170000) {
            case 0100000 -> Entry.Kind.FILE;
            case 0040000 -> Entry.Kind.FOLDER;
            case 0120000 -> Entry.Kind.LINK;
            default -> Entry.Kind.OTHER;
        };
        long size = (Long) a.get("size");
        long mtime = ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
        long ctime = ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS);
        long inode = (Long) a.get("ino");
        // Only the nine permission bits: set-id and sticky bits cannot be set back through NIO.
        int mode = raw & 0777;
        String hash = null;
        String target = null;
        if (kind == Entry.Kind.FILE) {
            Entry quick = new Entry(kind, mode, size, mtime, ctime, inode, null, null);
            boolean keep = keepAll || size <= DIFF_MAX_BYTES;
            if (quick.sameStat(before) && before.hash() != null && (!keep || Files.exists(blob(before.hash())))) {
                hash = before.hash();
            } else {
                hash = hashAndKeep(p, keep);
            }
        } else if (kind == Entry.Kind.LINK) {
            target = Files.readSymbolicLink(p).toString();
        }
        return new Entry(kind, mode, size, mtime, ctime, inode, hash, target);
    }

    /** Reads a file once: its hash, and its bytes copied to the store when kept and not there yet. */
    private String hashAndKeep(Path p, boolean keep) throws IOException {
        MessageDigest md = sha256();
        Path tmp = keep ? store.resolve("tmp").resolve("scan-" + (tmpNo++)) : null;
        int lockedMode = -1;
        if (!Files.isReadable(p)) {
            // A file the agent made unreadable (chmod 000) is still the workspace's: read it, then lock it again.
            lockedMode = mode(p);
            setMode(p, lockedMode | 0400);
        }
        try (InputStream in = Files.newInputStream(p, NOFOLLOW);
                OutputStream out = keep ? Files.newOutputStream(tmp) : OutputStream.nullOutputStream()) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        } finally {
            if (lockedMode >= 0) {
                setMode(p, lockedMode);
            }
        }
        String hash = HexFormat.of().formatHex(md.digest());
        if (keep) {
            Path blob = blob(hash);
            if (Files.exists(blob)) {
                Files.delete(tmp);
            } else {
                Files.createDirectories(blob.getParent());
                Files.move(tmp, blob, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return hash;
    }

    private Path blob(String hash) {
        return store.resolve("blobs").resolve(hash.substring(0, 2)).resolve(hash);
    }

    /**
     * The path of {@code rel} in the workspace, once every folder on its way is checked to be a real folder (not a
     * link): restore then never writes through a link the agent put in the way.
     */
    private Path place(String rel) throws IOException {
        Path at = root;
        String[] parts = rel.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            at = at.resolve(parts[i]);
            BasicFileAttributes a = Files.readAttributes(at, BasicFileAttributes.class, NOFOLLOW);
            if (!a.isDirectory() || a.isSymbolicLink()) {
                throw new IOException("'" + relative(at) + "' is on the way and is not a folder");
            }
        }
        Path file = at.resolve(parts[parts.length - 1]);
        if (!file.normalize().startsWith(root)) {
            throw new IOException("'" + rel + "' leaves the workspace");
        }
        return file;
    }

    /** Writes a file's bytes from the store beside it and renames it over, so that a link in the way is replaced. */
    private void writeFile(Path file, Entry w) throws IOException {
        Path blob = blob(w.hash());
        if (!Files.exists(blob)) {
            throw new IOException("the checkpoint does not hold the bytes of this file");
        }
        writable(file.getParent());
        Path tmp = tempBeside(file);
        try (InputStream in = Files.newInputStream(blob);
                OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        NOFOLLOW)) {
            in.transferTo(out);
        }
        setMode(tmp, w.mode());
        Files.getFileAttributeView(tmp, PosixFileAttributeView.class, NOFOLLOW)
                .setTimes(FileTime.from(w.mtimeNanos(), TimeUnit.NANOSECONDS), null, null);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A name beside {@code file} that nothing has, for a write that is then renamed over it. */
    private Path tempBeside(Path file) {
        Path tmp;
        do {
            tmp = file.resolveSibling(RESTORE_PREFIX + (tmpNo++));
        } while (Files.exists(tmp, NOFOLLOW));
        return tmp;
    }

    /** Gives the owner write permission on a folder of the workspace that the agent made read-only. */
    private void writable(Path folder) throws IOException {
        if (folder == null || !folder.startsWith(root)) {
            return;
        }
        int mode = mode(folder);
        if ((mode & 0200) == 0) {
            setMode(folder, mode | 0700);
        }
    }

    private static int mode(Path p) throws IOException {
        return ((Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW)) & 0777;
    }

    private static void setMode(Path p, int mode) throws IOException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        Files.getFileAttributeView(p, PosixFileAttributeView.class, NOFOLLOW).setPermissions(perms);
    }

    private String diff(Entry before, Entry after) {
        try {
            String a = text(before);
            String b = text(after);
            return a == null || b == null ? "" : UnifiedDiff.of(a, b);
        } catch (IOException e) {
            return "";
        }
    }

    /** A small file's text, "" for an absent side, null when there is none to diff. */
    private String text(Entry e) throws IOException {
        if (e == null) {
            return "";
        }
        if (e.kind() != Entry.Kind.FILE || e.size() > DIFF_MAX_BYTES) {
            return null;
        }
        Optional<byte[]> bytes = bytes(e.hash());
        return bytes.isEmpty() ? null : UnifiedDiff.text(bytes.get());
    }

    private Manifest rescanQuietly() {
        try {
            return scan();
        } catch (IOException e) {
            return current;
        }
    }

    private static String describe(Throwable e) {
        String kind = e instanceof NoSuchFileException ? "no such file" : e.getClass().getSimpleName();
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
