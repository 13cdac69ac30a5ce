package dev.bridle.runtime;

/**
 * A message to cut before the model call because the context is still over the harness's window after compaction
 * and the harness says {@code context.overflow: truncate}: replace the text of the message at {@code index} with
 * {@code text}, which ends with a note to the model saying how much was cut. {@code index} is a position in the
 * context <em>after</em> the compaction instruction of the same check has been carried out (the same list when there
 * is none).
 *
 * @param what what was cut, in the user's words ({@code the tool result of fs.read}, {@code the reply})
 * @param tokensBefore the message's tokens before the cut
 * @param tokensAfter its tokens after the cut, the note included
 */
public record MessageCut(int index, String what, String text, int tokensBefore, int tokensAfter) {}
