package org.mviot.edge.core.internal.descriptor;

import java.util.List;
import java.util.stream.Collectors;

/** A device descriptor that cannot be used, with every problem found in it. */
public final class DescriptorException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<DescriptorProblem> problems;

    /**
     * @param problems the problems, at least one
     */
    public DescriptorException(List<DescriptorProblem> problems) {
        super(problems.stream().map(DescriptorProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** @return the problems */
    public List<DescriptorProblem> problems() {
        return problems;
    }
}
