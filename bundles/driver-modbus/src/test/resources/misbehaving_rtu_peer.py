"""A Modbus RTU slave that misbehaves on demand, for the driver's error and recovery tests over a pty.

Usage: misbehaving_rtu_peer.py <serial device>   (19200 8N1, unit 1; other units get no answer, as on a bus)

Only pyserial is used, no Modbus library: the frames are built here by hand. What a read of holding
registers (function 3) gets depends on the first register asked for:
    0..99    the registers, value = address (+ i)
    100      the right answer with its CRC corrupted
    200      the right answer cut short (the last 3 bytes never come)
    300      the right answer from unit 2 instead of unit 1 (with a correct CRC)
    400 + c  exception code c (402 ILLEGAL_DATA_ADDRESS, 404 SERVER_DEVICE_FAILURE, ...)
    500      silence
    600      a corrupted CRC to the first request for it, the right answer to every later one
Input register 0 (function 4) holds how many requests for unit 1 arrived so far, this one included,
so a test can count the driver's retries. Writes (functions 6 and 16) are acknowledged as usual.
"""
import struct
import sys
import time

import serial

UNIT = 1
requests = 0
asked = set()


def crc16(data):
    crc = 0xFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def frame(unit, pdu):
    body = bytes([unit]) + pdu
    return body + struct.pack("<H", crc16(body))


def answer(pdu):
    """Returns the bytes to send back (possibly none) for one request PDU to this unit."""
    global requests
    requests += 1
    fc = pdu[0]
    if fc == 4:
        addr, count = struct.unpack(">HH", pdu[1:5])
        return frame(UNIT, bytes([4, 2 * count]) + b"".join(struct.pack(">H", requests if addr + i == 0 else 0) for i in range(count)))
    if fc in (6, 16):
        return frame(UNIT, pdu[:5])
    if fc != 3:
        return frame(UNIT, bytes([fc | 0x80, 1]))
    addr, count = struct.unpack(">HH", pdu[1:5])
    good = bytes([3, 2 * count]) + b"".join(struct.pack(">H", (addr + i) & 0xFFFF) for i in range(count))
    if addr == 100 or (addr == 600 and addr not in asked):
        asked.add(addr)
        out = bytearray(frame(UNIT, good))
        out[-1] ^= 0xFF
        return bytes(out)
    if addr == 200:
        return frame(UNIT, good)[:-3]
    if addr == 300:
        return frame(2, good)
    if 400 <= addr < 500:
        return frame(UNIT, bytes([3 | 0x80, addr - 400]))
    if addr == 500:
        return b""
    return frame(UNIT, good)


def request_length(buf):
    """The length of the request at the start of buf, or 0 when more bytes are needed to tell."""
    if len(buf) < 2:
        return 0
    if buf[1] in (15, 16):
        return 9 + buf[6] if len(buf) >= 7 else 0
    return 8


def main():
    port = serial.Serial(sys.argv[1], baudrate=19200, bytesize=8, parity="N", stopbits=1, timeout=0.02)
    print("ready", flush=True)
    buf = b""
    last = time.monotonic()
    while True:
        data = port.read(256)
        now = time.monotonic()
        if not data:
            continue
        if buf and now - last > 0.05:
            buf = b""  # a long silence ends whatever came before
        last = now
        buf += data
        while True:
            n = request_length(buf)
            if n == 0 or len(buf) < n:
                break
            req, buf = buf[:n], buf[n:]
            if crc16(req[:-2]) != struct.unpack("<H", req[-2:])[0]:
                buf = req[1:] + buf  # not a frame start: look one byte further
                continue
            if req[0] != UNIT:
                continue
            out = answer(req[1:-2])
            if out:
                port.write(out)
                port.flush()


main()
