package org.mviot.edge.driver.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * Random edge trains through the debouncer, its window-end task run on time as the driver's
 * executor would: reports are never closer than the window, and once the line is quiet the reported
 * level is the line's level. Tries: {@code src/test/resources/junit-platform.properties}.
 */
class DebouncerFuzzTest {

    /** One raw edge: time since the previous one, and the level after it. */
    record Edge(long delta, boolean level) {
    }

    @Provide
    Arbitrary<List<Edge>> trains() {
        Arbitrary<Long> delta = Arbitraries.oneOf(Arbitraries.longs().between(0, 2_000_000), Arbitraries.longs().between(0, 100_000_000));
        return Combinators.combine(delta, Arbitraries.of(true, false)).as(Edge::new).list().ofMaxSize(300);
    }

    @Property
    void reportsAreAWindowApartAndTheQuietLineEndsReportedAtItsLevel(@ForAll("trains") List<Edge> train,
                                                                      @ForAll @LongRange(min = 0, max = 50_000_000) long window,
                                                                      @ForAll boolean initial) {
        Debouncer d = new Debouncer(window);
        d.start(initial);
        boolean raw = initial;
        long t = 1_000;
        List<Long> reports = new ArrayList<>();
        for (Edge e : train) {
            long next = t + e.delta();
            raw = settleUntil(d, raw, next, reports);
            t = next;
            raw = e.level();
            if (d.edge(raw, t) == Debouncer.Verdict.REPORT) {
                reports.add(t);
            }
        }
        settleUntil(d, raw, Long.MAX_VALUE / 2, reports);
        assertThat(d.reported()).as("reported level once quiet").isEqualTo(raw);
        for (int i = 1; i < reports.size(); i++) {
            assertThat(reports.get(i) - reports.get(i - 1)).as("gap between reports %d and %d", i - 1, i).isGreaterThanOrEqualTo(window);
        }
    }

    /**
     * Runs the window-end tasks due before {@code until}, each at its time, with the line at {@code raw}: as
     * {@code WatchedInput} does, only for a window that {@link Debouncer#needsSettle() needs one} (an edge came inside it).
     */
    private static boolean settleUntil(Debouncer d, boolean raw, long until, List<Long> reports) {
        while (d.needsSettle() && d.windowEnd() <= until) {
            long at = d.windowEnd();
            if (d.settle(raw, at) == Debouncer.Verdict.REPORT) {
                reports.add(at);
            }
        }
        return raw;
    }
}
