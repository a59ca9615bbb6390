package org.mviot.edge.driver.modbus.internal.config;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.driver.modbus.internal.codec.ValueType;
import org.mviot.edge.driver.modbus.internal.codec.WordOrder;

/**
 * Where a channel lives in a Modbus device and how its value is laid out.
 *
 * @param spec    the channel
 * @param table   the data table
 * @param address first bit or register, 0..65535
 * @param type    the value layout
 * @param order   byte and word order
 * @param count   bits or registers the value occupies
 * @param bit     bit index 0..15 for a bit in a register, else 0
 * @param write   how writes are made
 */
public record ModbusChannel(ChannelSpec spec, Table table, int address, ValueType type, WordOrder order, int count, int bit,
                            WriteMode write) {

    /**
     * @return the last bit or register the value occupies
     */
    public int end() {
        return address + count - 1;
    }
}
