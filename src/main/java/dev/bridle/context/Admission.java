package dev.bridle.context;

/** What the window did with a tool result or a reply entering the context, or with the context before a call. */
public sealed interface Admission permits Admission.Fits, Admission.Cut, Admission.Overflow {

    /** It fits as it is. */
    record Fits() implements Admission {}

    /**
     * It was cut to fit, with a note to the model in place of what was cut.
     *
     * @param what what was cut, in the user's words ({@code the tool result of fs.read}, {@code the reply})
     * @param before its tokens before the cut
     * @param after its tokens after the cut, note included
     */
    record Cut(String what, int before, int after) implements Admission {}

    /**
     * It cannot fit, and the harness says to stop (or nothing left can be cut).
     *
     * @param what what does not fit
     * @param tokens its tokens
     * @param room the tokens the window has for it
     */
    record Overflow(String what, int tokens, int room) implements Admission {}
}
