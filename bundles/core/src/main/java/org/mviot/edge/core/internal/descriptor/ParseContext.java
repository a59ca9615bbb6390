package org.mviot.edge.core.internal.descriptor;

import java.util.ArrayList;
import java.util.List;

import org.mviot.edge.core.internal.log.LogSafe;

/**
 * What one parse of a descriptor has found so far: the origin, the device being read (for
 * messages) and the problems, at most {@link #MAX_PROBLEMS} of them listed (a 1 MiB file of typos
 * would otherwise log tens of thousands of lines; the count of the rest is reported).
 */
final class ParseContext {

    /** Problems listed per descriptor; more are counted. */
    static final int MAX_PROBLEMS = 50;

    final String origin;
    private final List<DescriptorProblem> problems = new ArrayList<>();
    private int count;
    /** The device id for messages, {@code ?} until a valid one is read. */
    String device = "?";

    ParseContext(String origin) {
        this.origin = origin;
    }

    void problem(String path, String message) {
        count++;
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new DescriptorProblem(origin, path, message));
        }
    }

    /** @return problems found so far (listed or not): compare before and after reading a part */
    int count() {
        return count;
    }

    boolean ok() {
        return count == 0;
    }

    /** @return the problems, with a last one counting those not listed */
    List<DescriptorProblem> problems() {
        if (count <= problems.size()) {
            return List.copyOf(problems);
        }
        List<DescriptorProblem> out = new ArrayList<>(problems);
        out.add(new DescriptorProblem(origin, "$", (count - problems.size()) + " more problems are not listed (at most "
                + MAX_PROBLEMS + " are)"));
        return out;
    }

    /** @return "device 'x' channel 'y'" for messages, the name quoted safely (it may be anything a file holds) */
    String who(String channel) {
        return "device '" + device + "' channel " + (channel == null ? "'?'" : LogSafe.quote(channel));
    }
}
