package org.mviot.edge.core.internal.descriptor;

import java.util.Map;
import java.util.Set;

import org.mviot.edge.api.edge.EdgeStage;
import org.mviot.edge.api.edge.EdgeStageFactory;
import org.mviot.edge.core.internal.pipeline.Deadband;
import org.mviot.edge.core.internal.pipeline.MinInterval;
import org.mviot.edge.core.internal.pipeline.ThresholdAlarm;
import org.mviot.edge.core.internal.pipeline.WindowAggregate;

/** One edge stage as a descriptor configures it; {@link #create()} makes a fresh, stateful stage for one channel. */
public sealed interface StageSpec {

    /** @return a new stage */
    EdgeStage create();

    /**
     * @param absolute band in the channel's unit
     * @param percent  band in percent of the last value
     */
    record DeadbandSpec(double absolute, double percent) implements StageSpec {
        @Override
        public EdgeStage create() {
            return new Deadband(absolute, percent);
        }
    }

    /** @param millis minimum time between values */
    record MinIntervalSpec(long millis) implements StageSpec {
        @Override
        public EdgeStage create() {
            return new MinInterval(millis);
        }
    }

    /**
     * @param millis     window length
     * @param aggregates what to emit
     */
    record WindowSpec(long millis, Set<WindowAggregate.Aggregate> aggregates) implements StageSpec {
        @Override
        public EdgeStage create() {
            return new WindowAggregate(millis, aggregates);
        }
    }

    /**
     * @param low        low threshold
     * @param high       high threshold
     * @param hysteresis hysteresis
     */
    record AlarmSpec(double low, double high, double hysteresis) implements StageSpec {
        @Override
        public EdgeStage create() {
            return new ThresholdAlarm(low, high, hysteresis);
        }
    }

    /**
     * A stage kind contributed by another bundle.
     *
     * @param factory  its factory
     * @param settings its settings
     */
    record CustomSpec(EdgeStageFactory factory, Map<String, Object> settings) implements StageSpec {
        @Override
        public EdgeStage create() {
            return factory.create(settings);
        }
    }
}
