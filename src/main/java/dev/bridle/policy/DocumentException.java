package dev.bridle.policy;

import java.util.List;

/** A document could not be used; every problem found is listed, each with its location. */
public final class DocumentException extends Exception {

    private final List<Problem> problems;

    public DocumentException(List<Problem> problems) {
        super(problems.isEmpty() ? "invalid document" : problems.getFirst().render());
        this.problems = List.copyOf(problems);
    }

    public DocumentException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }
}
