package org.mviot.edge.core.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.core.internal.descriptor.ChannelConfig;

class WriteTargetTest {

    static WriteTarget target(ChannelType type, double scale, double offset, Range range) {
        ChannelSpec spec = new ChannelSpec("setpoint", type, "Cel", Access.READ_WRITE, Acquisition.event(), range, Map.of(), "");
        return new WriteTarget("boiler", new ChannelConfig(spec, scale, offset, List.of(), "setpoint", "value"));
    }

    @Test
    void appliesTheInverseTransform() throws Exception {
        assertThat(target(ChannelType.INTEGER, 0.1, 5, Range.UNBOUNDED).toDevice(25.0)).isEqualTo(200L);
        assertThat(target(ChannelType.DOUBLE, 2, 0, Range.UNBOUNDED).toDevice(3)).isEqualTo(1.5);
    }

    @Test
    void rejectsAWrongValueTypeNamingDeviceAndChannel() {
        assertThatThrownBy(() -> target(ChannelType.DOUBLE, 1, 0, Range.UNBOUNDED).toDevice("hot"))
                .hasMessage("device 'boiler' channel 'setpoint': expects a number, got string \"hot\"");
        assertThatThrownBy(() -> target(ChannelType.BOOLEAN, 1, 0, Range.UNBOUNDED).toDevice(1))
                .hasMessage("device 'boiler' channel 'setpoint': expects a boolean, got number 1");
    }

    @Test
    void rejectsAnOutOfRangeSetpointInTheTwinsUnit() {
        assertThatThrownBy(() -> target(ChannelType.DOUBLE, 0.1, 0, new Range(30, 90)).toDevice(95))
                .hasMessage("device 'boiler' channel 'setpoint': 95.0 is out of range [30.0, 90.0] Cel");
    }

    @Test
    void rejectsAFractionForAnUntransformedIntegerChannel() {
        assertThatThrownBy(() -> target(ChannelType.INTEGER, 1, 0, Range.UNBOUNDED).toDevice(2.5))
                .hasMessageContaining("expects an integer");
    }

    @Test
    void writesAll64BitsOfAWholeNumberToAnUntransformedIntegerChannel() throws Exception {
        assertThat(target(ChannelType.INTEGER, 1, 0, Range.UNBOUNDED).toDevice(-1234567890123456789L)).isEqualTo(-1234567890123456789L);
    }
}
