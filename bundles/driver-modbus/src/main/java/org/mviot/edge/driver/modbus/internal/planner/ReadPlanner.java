package org.mviot.edge.driver.modbus.internal.planner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.mviot.edge.driver.modbus.internal.config.ModbusChannel;
import org.mviot.edge.driver.modbus.internal.config.Table;

/**
 * Plans the reads of a batch of channels: channels of one table whose ranges lie within
 * {@code gap} unused addresses of each other are merged into one block read, as long as the block
 * stays within the per-read limit. Fewer requests means fewer round trips, which on a serial bus
 * is most of the time a poll takes.
 *
 * @param gap          most unused addresses a block may contain between two channels
 * @param maxRegisters most registers per read (protocol limit 125)
 * @param maxBits      most bits per read (protocol limit 2000)
 * @param merge        false to read each channel with its own request
 */
public record ReadPlanner(int gap, int maxRegisters, int maxBits, boolean merge) {

    /**
     * @param channels the channels to read
     * @return the reads, ordered by table and address
     */
    public List<ReadBlock> plan(List<ModbusChannel> channels) {
        Map<Table, List<ModbusChannel>> byTable = new EnumMap<>(Table.class);
        for (ModbusChannel c : channels) {
            byTable.computeIfAbsent(c.table(), k -> new ArrayList<>()).add(c);
        }
        List<ReadBlock> out = new ArrayList<>();
        for (Map.Entry<Table, List<ModbusChannel>> e : byTable.entrySet()) {
            Table table = e.getKey();
            int limit = table.bits() ? maxBits : maxRegisters;
            List<ModbusChannel> sorted = new ArrayList<>(e.getValue());
            sorted.sort(Comparator.comparingInt(ModbusChannel::address).thenComparingInt(ModbusChannel::end));
            int start = -1;
            int end = -1;
            List<ModbusChannel> members = new ArrayList<>();
            for (ModbusChannel c : sorted) {
                boolean fits = merge && start >= 0 && c.address() <= end + gap + 1 && Math.max(end, c.end()) - start + 1 <= limit;
                if (!fits && start >= 0) {
                    out.add(new ReadBlock(table, start, end - start + 1, List.copyOf(members)));
                    members.clear();
                    start = -1;
                }
                if (start < 0) {
                    start = c.address();
                    end = c.end();
                } else {
                    end = Math.max(end, c.end());
                }
                members.add(c);
            }
            if (start >= 0) {
                out.add(new ReadBlock(table, start, end - start + 1, List.copyOf(members)));
            }
        }
        return out;
    }
}
