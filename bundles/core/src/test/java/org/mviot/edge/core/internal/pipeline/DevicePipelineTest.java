package org.mviot.edge.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.core.internal.descriptor.DescriptorParser;
import org.mviot.edge.core.internal.descriptor.DeviceConfig;

class DevicePipelineTest {

    record Reported(String channel, String property, Object value, Quality quality) {
    }

    private final List<Reported> reported = new ArrayList<>();
    private final PipelineSink sink = (c, p, v, t, q, s) -> reported.add(new Reported(c.channel(), p, v, q));

    private DevicePipeline pipeline(String channels, String derived) throws Exception {
        DeviceConfig c = new DescriptorParser("org.example", k -> null).parse("t.json",
                "{\"id\": \"meter\", \"driver\": \"sim\", \"channels\": [" + channels + "], \"derived\": [" + derived + "]}");
        return new DevicePipeline(c, sink);
    }

    @Test
    void scalesAndOffsetsIntoTheEngineeringUnit() throws Exception {
        DevicePipeline p = pipeline("{\"name\": \"raw\", \"type\": \"integer\", \"poll\": \"1s\", \"scale\": 0.1, \"offset\": -40}", "");
        p.value(0, 650L, 1, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        assertThat(reported).containsExactly(new Reported("raw", null, 25.0, Quality.GOOD));
    }

    @Test
    void keepsAll64BitsOfAnIntegerChannelWithoutScale() throws Exception {
        DevicePipeline p = pipeline("{\"name\": \"energy\", \"type\": \"integer\", \"poll\": \"1s\"}", "");
        p.value(0, -1234567890123456789L, 1, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        assertThat(reported).containsExactly(new Reported("energy", null, -1234567890123456789L, Quality.GOOD));
        assertThat(p.channel(0).latest()).isEqualTo(-1234567890123456789L);
    }

    @Test
    void computesADerivedChannelFromTheLatestValuesOfItsInputs() throws Exception {
        DevicePipeline p = pipeline("{\"name\": \"u\", \"type\": \"double\", \"poll\": \"1s\"}, {\"name\": \"i\", \"type\": \"double\", \"poll\": \"1s\"}",
                "{\"name\": \"power\", \"expression\": \"u * i\"}");
        p.value(0, 230.0, 1, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        p.value(1, 2.0, 1, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        assertThat(reported).contains(new Reported("power", null, 460.0, Quality.GOOD));
    }

    @Test
    void reportsABadReadOnceAndTheNextGoodValueEvenInsideTheDeadband() throws Exception {
        DevicePipeline p = pipeline("{\"name\": \"t\", \"type\": \"double\", \"poll\": \"1s\", \"stages\": [{\"kind\": \"deadband\", \"absolute\": 5}]}", "");
        p.value(0, 20.0, 1, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        p.bad(0, 2, TimeSource.SYSTEM_CLOCK);
        p.bad(0, 3, TimeSource.SYSTEM_CLOCK);
        p.value(0, 21.0, 4, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        p.value(0, 22.0, 5, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        assertThat(reported).containsExactly(new Reported("t", null, 20.0, Quality.GOOD), new Reported("t", null, null, Quality.BAD),
                new Reported("t", null, 21.0, Quality.GOOD));
    }

    @Test
    void flagsAStaleChannelOnceWithItsLastValue() throws Exception {
        DevicePipeline p = pipeline("{\"name\": \"t\", \"type\": \"double\", \"poll\": \"1s\"}", "");
        p.value(0, 20.0, 1, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        p.stale(0, 5000, TimeSource.SYSTEM_CLOCK);
        p.stale(0, 9000, TimeSource.SYSTEM_CLOCK);
        assertThat(reported).containsExactly(new Reported("t", null, 20.0, Quality.GOOD), new Reported("t", null, 20.0, Quality.STALE));
    }

    @Test
    void reportsTextOnlyWhenItChanges() throws Exception {
        DevicePipeline p = pipeline("{\"name\": \"mode\", \"type\": \"string\", \"event\": true}", "");
        p.value(0, "auto", 1, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        p.value(0, "auto", 2, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        p.value(0, "manual", 3, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        assertThat(reported).extracting(Reported::value).containsExactly("auto", "manual");
    }

    @Test
    void theDropPathInsideTheDeadbandAllocatesNothing() throws Exception {
        DevicePipeline p = pipeline("{\"name\": \"t\", \"type\": \"double\", \"poll\": \"1s\", \"stages\": [{\"kind\": \"deadband\", \"absolute\": 100}]}", "");
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        p.numeric(0, 1.0, 0, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        for (int i = 0; i < 200_000; i++) { // let the JIT compile the path first
            p.numeric(0, i % 50, i, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++) {
            p.numeric(0, i % 50, i, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // a million dropped samples: any per-sample allocation would show as megabytes
        assertThat(allocated).isLessThan(10_000);
        assertThat(reported).hasSize(1);
    }

    @Test
    void anIntegerThatPassesUnchangedIsReportedAsTheDriverBoxedIt() throws Exception {
        List<Object> values = new ArrayList<>();
        DeviceConfig c = new DescriptorParser("org.example", k -> null).parse("t.json",
                "{\"id\": \"meter\", \"driver\": \"sim\", \"channels\": [{\"name\": \"n\", \"type\": \"integer\", \"poll\": \"1s\"}]}");
        DevicePipeline p = new DevicePipeline(c, (ch, prop, v, t, q, s) -> values.add(v));
        Long boxed = 40_000L;

        p.value(0, boxed, 1, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        p.value(0, 40_001, 2, Quality.GOOD, TimeSource.SYSTEM_CLOCK);

        assertThat(values.get(0)).isSameAs(boxed);
        assertThat(values.get(1)).isEqualTo(40_001L);
        assertThat(p.channel(0).latest()).isEqualTo(40_001L);
    }
}
