package org.mviot.edge.driver.modbus.internal.planner;

import java.util.List;

import org.mviot.edge.driver.modbus.internal.config.ModbusChannel;
import org.mviot.edge.driver.modbus.internal.config.Table;

/**
 * One read request: a range of one table and the channels whose values it holds.
 *
 * @param table    the table
 * @param start    first bit or register
 * @param count    bits or registers
 * @param channels the channels inside the range
 */
public record ReadBlock(Table table, int start, int count, List<ModbusChannel> channels) {
}
