/**
 * Checkpoints of a run's workspace folder, and what each step changed in it.
 *
 * <p>The mechanism is a <b>content-addressed snapshot with a stat manifest</b>. A scan walks the workspace without
 * following links and records, per path, its kind (file, folder, link, other), POSIX permissions, size, modification
 * time, inode and change time, the SHA-256 of a file's bytes and a link's target. A later scan re-reads only the
 * files whose size, times, inode or kind differ from the previous scan, so a checkpoint after the first costs one
 * {@code lstat} per entry plus the bytes that changed. File contents are copied once, by hash, into a store folder
 * the engine is given outside the workspace (a temporary folder deleted at the end of the run): the sandboxed shell
 * sees only the workspace and a private {@code /tmp}, and the file tools are held to the workspace by
 * {@code PathScope}, so no tool can read or write a checkpoint.
 *
 * <p>Why not pre-images recorded on first touch: the file tools could report what they touch, but the shell can
 * write anything its write rules open, so a correct scheme needs a scan around each shell call anyway, and then the
 * scan is the single source of truth for every tool, declared or built in. Why not a copy-on-write overlay: it needs
 * overlayfs inside the sandbox and does nothing for the built-in tools. The change time is part of the quick check
 * because no tool can set it: {@code touch -d} can forge a modification time, not a change time.
 *
 * <p>Restore compares the workspace with a manifest and makes it equal: it deletes what the checkpoint did not have
 * (deepest first), makes folders, writes files by writing a new file beside the target and renaming it over (a link
 * in the way is replaced, never followed), recreates links as links, and sets permissions last. Before anything is
 * written, every folder on the way is checked to be a real folder inside the workspace, so a link the agent swapped
 * in cannot make restore write outside. A failure stops the restore and is reported with the path and what was
 * already done; it is never silent.
 *
 * <p>Per-step changes come from the same scans: after each tool call that can write (every tool but
 * {@code fs.read}, {@code fs.list} and {@code http.get}) the engine scans again and reports the difference as a
 * {@code workspace.changed} event, with a unified diff for text files of up to 64 KiB, whose bytes are kept even
 * when the workflow has no checkpoint. Limits: set-id and sticky bits, owners, extended attributes and hard-link
 * identity are not kept (only the nine permission bits, bytes, links and folders are); a folder the agent made
 * unreadable makes the scan fail, which ends the run by rule {@code workspace} rather than checkpoint it partly.
 */
package dev.bridle.workspace;
