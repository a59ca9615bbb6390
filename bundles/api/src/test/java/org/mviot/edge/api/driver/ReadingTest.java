package org.mviot.edge.api.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.sample.Quality;

class ReadingTest {

    private static final ChannelSpec COUNT = ChannelSpec.readOnly("count", ChannelType.INTEGER, "", Acquisition.event(), Map.of());

    @Test
    void aValueOfAClassNoChannelTypeCarriesIsRefusedNamingTheChannelAndTheClass() {
        assertThatThrownBy(() -> Reading.good("count", 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reading of channel 'count': a value is a Boolean, Long, Double or String, not java.lang.Integer");
        assertThatThrownBy(() -> Reading.good("gain", 0.5f)).hasMessageContaining("not java.lang.Float");
    }

    @Test
    void aMissingValueIsAllowedOnlyInABadReading() {
        assertThat(Reading.failed("count", "timeout").value()).isNull();
        assertThatThrownBy(() -> Reading.good("count", null))
                .hasMessage("reading of channel 'count': a value is required unless the quality is BAD, quality was GOOD");
        assertThatThrownBy(() -> new Reading("count", null, Quality.UNCERTAIN, 0, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aValueIsCheckedAgainstTheChannelsTypeWhenTheChannelIsGiven() {
        assertThat(Reading.good(COUNT, 7L)).isEqualTo(Reading.good("count", 7L));
        assertThatThrownBy(() -> Reading.good(COUNT, 7.5))
                .hasMessage("reading of channel 'count': the channel's type integer is carried as Long, not java.lang.Double");
    }
}
