"""An independent Modbus slave for the driver's tests and the gateway's process-level tests (test-it copies
it): pymodbus (Debian python3-pymodbus 3.0.0). Every write a master makes is printed on standard output,
so a test sees on the server's side what reached it:
    write unit=<unit> table=<hr|co> address=<first> values=<v1,v2,...>

Usage: pymodbus_server.py tcp <port> [silent-missing]  serve Modbus TCP on 127.0.0.1:<port>; silent-missing: other unit ids get no answer
       pymodbus_server.py rtu <serial device> serve Modbus RTU at 19200 8N1 on a serial device (a pty)

Units 1 and 2 answer. Register values are laid out by pymodbus's own BinaryPayloadBuilder, so the
driver's decoding is checked against an encoder nobody here wrote:
  holding registers, for word order k = 0 ABCD, 1 CDAB, 2 BADC, 3 DCBA at base 100*k:
    +0 int16 -12345, +1 uint16 54321, +2 int32 -123456789, +4 uint32 4000000000,
    +6 int64 -1234567890123456789, +10 float32 3.25, +12 float64 -1.5e10
  holding 20..23: string "pump-7" (ABCD)
  holding 900: holds at most 1000; a larger write is clamped to 1000 without a word, as devices limit a
    setpoint (pymodbus itself never clamps). The write line shows the value as it arrived.
  coils 0..9: 1 0 1 1 0 0 1 1 1 0; discrete inputs 0..9: the inverse
  input registers 0..2: 11 22 33 on unit 1, 211 222 233 on unit 2
"""
import asyncio
import logging
import sys

from pymodbus.constants import Endian
from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.payload import BinaryPayloadBuilder
from pymodbus.server import StartAsyncSerialServer, StartAsyncTcpServer
from pymodbus.transaction import ModbusRtuFramer

CLAMPED = 900
CLAMP_MAX = 1000
ORDERS = [(Endian.Big, Endian.Big), (Endian.Big, Endian.Little), (Endian.Little, Endian.Big), (Endian.Little, Endian.Little)]


class Logged(ModbusSequentialDataBlock):
    """A data block that prints every write it takes (and clamps holding register CLAMPED)."""

    def __init__(self, unit, table, values):
        super().__init__(0, values)
        self.unit = unit
        self.table = table

    def setValues(self, address, values):
        vals = values if isinstance(values, list) else [values]
        held = list(vals)
        if self.table == "hr" and address <= CLAMPED < address + len(held):
            held[CLAMPED - address] = min(held[CLAMPED - address], CLAMP_MAX)
        super().setValues(address, held)
        print("write unit=%d table=%s address=%d values=%s" % (self.unit, self.table, address, ",".join(str(int(v)) for v in vals)),
              flush=True)


def holding():
    regs = [0] * 1000
    for k, (byteorder, wordorder) in enumerate(ORDERS):
        b = BinaryPayloadBuilder(byteorder=byteorder, wordorder=wordorder)
        b.add_16bit_int(-12345)
        b.add_16bit_uint(54321)
        b.add_32bit_int(-123456789)
        b.add_32bit_uint(4000000000)
        b.add_64bit_int(-1234567890123456789)
        b.add_32bit_float(3.25)
        b.add_64bit_float(-1.5e10)
        for i, r in enumerate(b.to_registers()):
            regs[100 * k + i] = r
    s = BinaryPayloadBuilder(byteorder=Endian.Big, wordorder=Endian.Big)
    s.add_string("pump-7\0\0")
    for i, r in enumerate(s.to_registers()):
        regs[20 + i] = r
    return regs


def unit(number, offset):
    bits = [1, 0, 1, 1, 0, 0, 1, 1, 1, 0] + [0] * 990
    return ModbusSlaveContext(
        co=Logged(number, "co", bits),
        di=ModbusSequentialDataBlock(0, [1 - x for x in bits]),
        hr=Logged(number, "hr", holding()),
        ir=ModbusSequentialDataBlock(0, [offset + 11, offset + 22, offset + 33] + [0] * 997),
        zero_mode=True)


async def main():
    logging.basicConfig(level=logging.WARNING)
    context = ModbusServerContext(slaves={1: unit(1, 0), 2: unit(2, 200)}, single=False)
    print("serving %s %s" % (sys.argv[1], sys.argv[2]), flush=True)
    if sys.argv[1] == "tcp":
        # "silent-missing": a unit id nobody has gets no answer at all, as behind most real gateways and buses
        # (pymodbus answers it with exception 0x0B otherwise)
        await StartAsyncTcpServer(context=context, address=("127.0.0.1", int(sys.argv[2])),
                                  ignore_missing_slaves="silent-missing" in sys.argv[3:])
    else:
        await StartAsyncSerialServer(context=context, framer=ModbusRtuFramer, port=sys.argv[2], baudrate=19200,
                                     bytesize=8, parity="N", stopbits=1, timeout=0.05, broadcast_enable=True)


asyncio.run(main())
