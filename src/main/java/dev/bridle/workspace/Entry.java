package dev.bridle.workspace;

/**
 * One path of a workspace as a scan saw it: its kind, permissions, the stat fields of the quick check, and the hash
 * of a file's bytes or the target of a link.
 *
 * @param mode the permission bits ({@code 0777}; set-id and sticky bits are not kept)
 * @param hash SHA-256 in hex for a file, else {@code null}
 * @param target a link's target as stored in the link, else {@code null}
 */
public record Entry(Kind kind, int mode, long size, long mtimeNanos, long ctimeNanos, long inode, String hash,
        String target) {

    /** What a path is; links are never followed. */
    public enum Kind {
        FILE,
        FOLDER,
        LINK,
        /** A FIFO, socket or device: recorded so that restore removes one made later, never recreated. */
        OTHER
    }

    /** Whether {@code other} has the same stat fields, so that its bytes need not be read again. */
    boolean sameStat(Entry other) {
        return other != null && kind == other.kind && size == other.size && mtimeNanos == other.mtimeNanos
                && ctimeNanos == other.ctimeNanos && inode == other.inode;
    }
}
