package dev.bridle.access;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The workspace folder a run may touch, and the only way the built-in tools reach files in it.
 *
 * <p>A requested path is first checked and normalised by {@link WorkspacePath} (no {@code ..} above the root, no
 * absolute, encoded or look-alike forms); a {@code ..} that cancels a symlink ({@code link/..}) is refused, because
 * the lexical reading and the operating system's would differ. Then it is walked one component at a time from an
 * open handle on the workspace folder, never by handing the whole string to the operating system:
 *
 * <ul>
 *   <li>each directory is opened relative to the one before it with {@code NOFOLLOW_LINKS}
 *       ({@link SecureDirectoryStream}, which is {@code openat(dirfd, name, O_NOFOLLOW)} on Linux), and the final
 *       component is opened the same way, so the kernel never follows a symbolic link on our behalf;
 *   <li>a symbolic link met on the way is read and its target resolved by this class against the real folder that
 *       holds it; a target that leaves the workspace (absolute outside the root, or {@code ..} above it) is
 *       refused, a target inside is walked again from the root by the same rules; more than {@value #MAX_LINKS}
 *       links in one path, and links whose target does not exist (dangling), are refused;
 *   <li>the workspace folder handle is checked against the file key (device and inode) recorded when the scope was
 *       made, so a workspace folder replaced after that is refused.
 * </ul>
 *
 * <p><b>Guarantee (Linux).</b> Every file this class opens, lists, writes or deletes is reached through directory
 * entries that were, at the moment each was opened, real directories (not links) below the workspace folder
 * handle; a link swapped in at any component at any time makes that open fail ({@code ELOOP}) rather than follow
 * it. The check and the use are the same system call, so there is no window between them. Reads and writes walk
 * the real path once more from the workspace folder with the C library's {@code openat(O_NOFOLLOW)}, creating
 * missing folders with {@code mkdirat}, and check the opened file with {@code statx} ({@link NativeFolders}).
 *
 * <p><b>No side effects.</b> Checking a path ({@link #check}) and opening it ({@link #open}) never create, change
 * or delete anything, whatever the intent: a missing parent folder is fine, the walk stops at the nearest existing
 * folder, whose real path is the one checked. Missing parent folders are created only by {@link ScopedFile#write},
 * that is by an allowed write, one at a time relative to the handle on the folder above (see {@link NativeFolders}
 * for why that needs the C library's {@code mkdirat}, and {@link ScopedFile} for the fallback elsewhere).
 *
 * <p><b>Hard links.</b> A regular file with more than one name (hard link) is refused for every intent: another of
 * its names may be outside the workspace, and writing or reading it would write or read that outside file. The
 * check here reads the link count by path and confirms it names the file walked; {@link ScopedFile#read} and
 * {@link ScopedFile#write} check it again on the opened handle.
 *
 * <p><b>Limits.</b> The workspace folder and its ancestors are trusted. A directory renamed out of the workspace
 * by another process while a walk holds it open is still used for that one call. On platforms without
 * {@link SecureDirectoryStream} (Windows) every access is refused: there is no race-free way to honour this contract.
 */
public final class PathScope {

    /** The most symbolic links followed in one path. */
    public static final int MAX_LINKS = 40;

    /** What the caller means to do with the path, which decides whether it must already exist. */
    public enum Intent {
        /** Read, list or delete: the path must exist. */
        EXISTING,
        /**
         * Write: the last component and its parent folders may be missing. Nothing is created by the check or the
         * open; {@link ScopedFile#write} creates the missing folders.
         */
        CREATE
    }

    private final Path root;
    private final Object rootKey;
    private final Optional<NativeFolders> natives;
    private final NativeFolders.Identity rootId;

    private PathScope(Path root, Object rootKey, Optional<NativeFolders> natives, NativeFolders.Identity rootId) {
        this.root = root;
        this.rootKey = rootKey;
        this.natives = natives;
        this.rootId = rootId;
    }

    /** A scope on an existing folder; the folder's real path (links resolved) becomes the root. */
    public static PathScope of(Path workspace) throws IOException {
        return create(workspace, NativeFolders.load());
    }

    /** A scope that uses only the JDK (the fallback of platforms without {@link NativeFolders}); for tests. */
    static PathScope portable(Path workspace) throws IOException {
        return create(workspace, Optional.empty());
    }

    private static PathScope create(Path workspace, Optional<NativeFolders> natives) throws IOException {
        Path real = workspace.toRealPath();
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
        if (!attributes.isDirectory()) {
            throw new IOException("the workspace is not a folder: " + real);
        }
        NativeFolders.Identity id = null;
        if (natives.isPresent()) {
            Map<String, Object> unix = Files.readAttributes(real, "unix:dev,ino");
            id = new NativeFolders.Identity((Long) unix.get("dev"), (Long) unix.get("ino"));
        }
        return new PathScope(real, attributes.fileKey(), natives, id);
    }

    /** Whether writes create parent folders relative to folder handles ({@code mkdirat}) rather than by path. */
    public boolean createsRelativeToHandles() {
        return natives.isPresent();
    }

    Optional<NativeFolders> natives() {
        return natives;
    }

    NativeFolders.Identity rootId() {
        return rootId;
    }

    /** Why a file with more than one name is refused. */
    static String hardLinkReason(String relative, long names) {
        return relative + " is a hard link (" + names + " names for one file); another name may be outside the"
                + " workspace, so it is neither read nor written";
    }

    /** The real path of the workspace folder. */
    public Path root() {
        return root;
    }

    /**
     * Where a requested path really leads, inside the workspace, with links resolved by the rules above; refused
     * when it leads outside or, for {@link Intent#EXISTING}, does not exist.
     */
    public PathCheck check(String raw, Intent intent) {
        try (ScopedFile file = open(raw, intent)) {
            long names = file.hardLinks();
            if (names > 1) {
                return new PathCheck.Refused(hardLinkReason(file.relative(), names));
            }
            return new PathCheck.Inside(file.relative());
        } catch (IOException e) {
            return new PathCheck.Refused(reason(e));
        }
    }

    /**
     * Opens the folder that holds the requested path, walking it as described above. The caller closes the result.
     *
     * @throws PathRefusedException when the path is refused, with the reason as message
     * @throws IOException when the file system fails
     */
    public ScopedFile open(String raw, Intent intent) throws IOException {
        WorkspacePath.Segments segments = WorkspacePath.segments(raw);
        if (segments.refusal() != null) {
            throw new PathRefusedException(segments.refusal());
        }
        refuseAmbiguous(segments.cancelled());
        List<String> path = segments.names();
        int links = 0;
        int fromLink = 0;
        String link = null;
        walk:
        while (true) {
            SecureDirectoryStream<Path> dir = openRoot();
            try {
                List<String> done = new ArrayList<>();
                for (int i = 0; i < path.size(); i++) {
                    String name = path.get(i);
                    boolean last = i == path.size() - 1;
                    BasicFileAttributes attributes = lstat(dir, name);
                    if (attributes == null) {
                        if (i < fromLink) {
                            throw new PathRefusedException("symlink " + link + " is dangling");
                        }
                        if (intent == Intent.EXISTING) {
                            throw new PathRefusedException(
                                    "no such file: " + WorkspacePath.join(path.subList(0, i + 1)));
                        }
                        // Nothing is created here: the rest of the path is missing, so no link is left to follow,
                        // and the folders are made by ScopedFile.write only, once the write is allowed.
                        ScopedFile file = new ScopedFile(this, dir, List.copyOf(path.subList(i, path.size() - 1)),
                                path.getLast(), WorkspacePath.join(path), null);
                        dir = null;
                        return file;
                    }
                    if (attributes.isSymbolicLink()) {
                        if (++links > MAX_LINKS) {
                            throw new PathRefusedException("more than " + MAX_LINKS + " symlinks");
                        }
                        link = WorkspacePath.join(path.subList(0, i + 1));
                        List<String> target = linkTarget(done, name, link);
                        fromLink = target.size();
                        target.addAll(path.subList(i + 1, path.size()));
                        if (target.size() > WorkspacePath.MAX_DEPTH) {
                            throw new PathRefusedException("more than " + WorkspacePath.MAX_DEPTH + " segments");
                        }
                        path = target;
                        continue walk;
                    }
                    if (last) {
                        ScopedFile file =
                                new ScopedFile(this, dir, List.of(), name, WorkspacePath.join(path), attributes);
                        dir = null;
                        return file;
                    }
                    if (!attributes.isDirectory()) {
                        throw new PathRefusedException("not a folder: " + WorkspacePath.join(path.subList(0, i + 1)));
                    }
                    SecureDirectoryStream<Path> next = descend(dir, name, path.subList(0, i + 1));
                    dir.close();
                    dir = next;
                    done.add(name);
                }
                ScopedFile rootFile = new ScopedFile(this, dir, List.of(), null, WorkspacePath.ROOT, null);
                dir = null;
                return rootFile;
            } finally {
                if (dir != null) {
                    dir.close();
                }
            }
        }
    }

    static String reason(IOException e) {
        if (e instanceof PathRefusedException) {
            return e.getMessage();
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
    }

    private SecureDirectoryStream<Path> openRoot() throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(root);
        if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
            stream.close();
            throw new PathRefusedException("this platform offers no race-free folder handles; file access is off");
        }
        Object key = secure.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
        if (!Objects.equals(key, rootKey)) {
            secure.close();
            throw new PathRefusedException("the workspace folder was replaced");
        }
        return secure;
    }

    static BasicFileAttributes lstat(SecureDirectoryStream<Path> dir, String name) throws IOException {
        try {
            return dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static SecureDirectoryStream<Path> descend(SecureDirectoryStream<Path> dir, String name, List<String> at)
            throws IOException {
        try {
            return dir.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            // ELOOP or ENOTDIR here means the entry changed into a link or file after it was examined
            throw new PathRefusedException("changed while being opened: " + WorkspacePath.join(at));
        }
    }

    private List<String> linkTarget(List<String> done, String name, String link) throws IOException {
        Path target = Files.readSymbolicLink(root.resolve(String.join("/", done)).resolve(name));
        String text = target.toString();
        List<String> base = new ArrayList<>(done);
        if (target.isAbsolute()) {
            if (!target.startsWith(root)) {
                throw new PathRefusedException("symlink " + link + " leads outside the workspace");
            }
            base = new ArrayList<>();
            text = root.relativize(target).toString();
        }
        if (text.indexOf('\0') >= 0) {
            throw new PathRefusedException("symlink " + link + " has an unreadable target");
        }
        WorkspacePath.Segments resolved = WorkspacePath.climb(base, text);
        if (resolved.refusal() != null) {
            throw new PathRefusedException("symlink " + link + " leads outside the workspace");
        }
        refuseAmbiguous(resolved.cancelled());
        return new ArrayList<>(resolved.names());
    }

    /**
     * Refuses a path in which {@code ..} cancels a symlink: {@code link/..} means the workspace folder holding the
     * link to this class but the folder above the link's target to the operating system, so the two readings could
     * name different files. Refusing keeps the path the rules matched and the path a shell would open the same.
     */
    private void refuseAmbiguous(List<String> cancelled) throws IOException {
        for (String prefix : cancelled) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(
                        root.resolve(prefix), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isSymbolicLink()) {
                    throw new PathRefusedException("'..' after the symlink " + prefix + " is ambiguous");
                }
            } catch (NoSuchFileException e) {
                // nothing there: both readings name the same missing entry
            } catch (FileSystemException e) {
                throw new PathRefusedException("'..' after " + prefix + ", which cannot be examined");
            }
        }
    }
}
