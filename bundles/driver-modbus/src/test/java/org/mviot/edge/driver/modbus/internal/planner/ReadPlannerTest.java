package org.mviot.edge.driver.modbus.internal.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.driver.modbus.internal.codec.ValueType;
import org.mviot.edge.driver.modbus.internal.codec.WordOrder;
import org.mviot.edge.driver.modbus.internal.config.ModbusChannel;
import org.mviot.edge.driver.modbus.internal.config.Table;
import org.mviot.edge.driver.modbus.internal.config.WriteMode;

class ReadPlannerTest {

    private static ModbusChannel reg(String name, Table table, int address, int count) {
        ChannelSpec s = ChannelSpec.readOnly(name, ChannelType.INTEGER, "", Acquisition.poll(Duration.ofSeconds(1)), Map.of());
        return new ModbusChannel(s, table, address, count == 1 ? ValueType.INT16 : ValueType.STRING, WordOrder.ABCD, count, 0, WriteMode.PLAIN);
    }

    private static List<String> blocks(List<ReadBlock> plan) {
        return plan.stream().map(b -> b.table().name() + " " + b.start() + "+" + b.count() + " " + b.channels().size()).toList();
    }

    @Test
    void mergesAdjacentRegistersIntoOneRead() {
        ReadPlanner p = new ReadPlanner(0, 125, 2000, true);
        assertThat(blocks(p.plan(List.of(reg("a", Table.HOLDING_REGISTER, 10, 1), reg("b", Table.HOLDING_REGISTER, 11, 2),
                reg("c", Table.HOLDING_REGISTER, 13, 1))))).containsExactly("HOLDING_REGISTER 10+4 3");
    }

    @Test
    void mergesAcrossAGapNoWiderThanConfigured() {
        List<ModbusChannel> ch = List.of(reg("a", Table.HOLDING_REGISTER, 10, 1), reg("b", Table.HOLDING_REGISTER, 15, 1));
        assertThat(blocks(new ReadPlanner(4, 125, 2000, true).plan(ch))).containsExactly("HOLDING_REGISTER 10+6 2");
        assertThat(blocks(new ReadPlanner(3, 125, 2000, true).plan(ch))).containsExactly("HOLDING_REGISTER 10+1 1", "HOLDING_REGISTER 15+1 1");
    }

    @Test
    void neverMergesAcrossTables() {
        assertThat(blocks(new ReadPlanner(10, 125, 2000, true).plan(List.of(reg("a", Table.HOLDING_REGISTER, 0, 1),
                reg("b", Table.INPUT_REGISTER, 1, 1))))).containsExactly("INPUT_REGISTER 1+1 1", "HOLDING_REGISTER 0+1 1");
    }

    @Test
    void splitsAtOneHundredTwentyFiveRegisters() {
        List<ModbusChannel> ch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ch.add(reg("r" + i, Table.HOLDING_REGISTER, i, 1));
        }
        assertThat(blocks(new ReadPlanner(0, 125, 2000, true).plan(ch)))
                .containsExactly("HOLDING_REGISTER 0+125 125", "HOLDING_REGISTER 125+125 125", "HOLDING_REGISTER 250+50 50");
    }

    @Test
    void neverSplitsAMultiRegisterValue() {
        assertThat(blocks(new ReadPlanner(0, 10, 2000, true).plan(List.of(reg("a", Table.HOLDING_REGISTER, 0, 8),
                reg("b", Table.HOLDING_REGISTER, 8, 4))))).containsExactly("HOLDING_REGISTER 0+8 1", "HOLDING_REGISTER 8+4 1");
    }

    @Test
    void splitsAtTwoThousandBits() {
        List<ModbusChannel> ch = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            ch.add(reg("c" + i, Table.COIL, i, 1));
        }
        assertThat(blocks(new ReadPlanner(0, 125, 2000, true).plan(ch))).containsExactly("COIL 0+2000 2000", "COIL 2000+500 500");
    }

    @Test
    void readsOverlappingChannelsOnce() {
        assertThat(blocks(new ReadPlanner(0, 125, 2000, true).plan(List.of(reg("a", Table.HOLDING_REGISTER, 0, 4),
                reg("b", Table.HOLDING_REGISTER, 2, 1))))).containsExactly("HOLDING_REGISTER 0+4 2");
    }

    @Test
    void readsEachChannelAloneWhenMergingIsOff() {
        assertThat(new ReadPlanner(10, 125, 2000, false).plan(List.of(reg("a", Table.HOLDING_REGISTER, 0, 1),
                reg("b", Table.HOLDING_REGISTER, 1, 1)))).hasSize(2);
    }
}
