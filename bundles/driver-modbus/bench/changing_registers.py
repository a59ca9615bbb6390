"""pymodbus TCP slave whose holding registers 0..N-1 all change every PERIOD seconds (benchmark peer).

Usage: changing_registers.py <port> <count> [period, default 0.1]
"""
import asyncio
import logging
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartAsyncTcpServer


async def change(block, count, period):
    tick = 0
    while True:
        tick += 1
        block.setValues(0, [(tick + i) & 0x7FFF for i in range(count)])
        await asyncio.sleep(period)


async def main():
    logging.basicConfig(level=logging.WARNING)
    port, count = int(sys.argv[1]), int(sys.argv[2])
    period = float(sys.argv[3]) if len(sys.argv) > 3 else 0.1
    block = ModbusSequentialDataBlock(0, [0] * (count + 1))
    context = ModbusServerContext(slaves=ModbusSlaveContext(hr=block, zero_mode=True), single=True)
    asyncio.ensure_future(change(block, count, period))
    await StartAsyncTcpServer(context=context, address=("127.0.0.1", port))


asyncio.run(main())
