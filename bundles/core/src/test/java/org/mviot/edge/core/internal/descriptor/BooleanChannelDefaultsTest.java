package org.mviot.edge.core.internal.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A boolean channel (a coil, a switch) polled every second reports on change unless its descriptor says otherwise. */
class BooleanChannelDefaultsTest {

    private static List<StageSpec> stagesOf(String channel) throws DescriptorException {
        DeviceConfig d = new DescriptorParser("org.example", k -> null).parse("conf/devices/d.json",
                "{\"id\": \"d\", \"driver\": \"mem\", \"channels\": [" + channel + "]}");
        return d.channels().get(0).stages();
    }

    @Test
    void aBooleanChannelWithoutStagesDropsUnchangedValues() throws DescriptorException {
        assertThat(stagesOf("{\"name\": \"valve\", \"type\": \"boolean\", \"poll\": \"1s\"}"))
                .containsExactly(new StageSpec.DeadbandSpec(0, 0));
    }

    @Test
    void emptyStagesReportEveryPollAndOtherTypesKeepTheirs() throws DescriptorException {
        assertThat(stagesOf("{\"name\": \"valve\", \"type\": \"boolean\", \"poll\": \"1s\", \"stages\": []}")).isEmpty();
        assertThat(stagesOf("{\"name\": \"t\", \"type\": \"double\", \"poll\": \"1s\"}")).isEmpty();
    }
}
