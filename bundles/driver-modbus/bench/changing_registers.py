"""pymodbus TCP slave whose holding registers 0..N-1 all change every 100 ms (benchmark peer).

Usage: changing_registers.py <port> <count>
"""
import asyncio
import logging
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartAsyncTcpServer


async def change(block, count):
    tick = 0
    while True:
        tick += 1
        block.setValues(0, [(tick + i) & 0x7FFF for i in range(count)])
        await asyncio.sleep(0.1)


async def main():
    logging.basicConfig(level=logging.WARNING)
    port, count = int(sys.argv[1]), int(sys.argv[2])
    block = ModbusSequentialDataBlock(0, [0] * (count + 1))
    context = ModbusServerContext(slaves=ModbusSlaveContext(hr=block, zero_mode=True), single=True)
    asyncio.ensure_future(change(block, count))
    await StartAsyncTcpServer(context=context, address=("127.0.0.1", port))


asyncio.run(main())
