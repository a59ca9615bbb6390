"""A Modbus TCP peer that misbehaves on demand, for the driver's error and recovery tests.

Usage: misbehaving_peer.py <port>   (listens on 127.0.0.1:<port>)

Reads of holding registers answer value = address (+ i). Writing holding register 999 sets the
mode for all later requests (a write to 999 itself is always answered correctly):
  0 behave, 1 corrupted frame (protocol id 0x1234), 2 wrong transaction id, 3 truncated frame,
  4 silence, 10+c exception code c (e.g. 12 = ILLEGAL_DATA_ADDRESS, 14 = SERVER_DEVICE_FAILURE)
"""
import socket
import struct
import sys
import threading

mode = 0


def answer(conn, tid, unit, pdu):
    global mode
    fc = pdu[0]
    if fc == 6:
        addr, value = struct.unpack(">HH", pdu[1:5])
        if addr == 999:
            mode = value
            return frame(tid, unit, pdu)
    if mode == 4:
        return b""
    if mode >= 10:
        return frame(tid, unit, bytes([fc | 0x80, mode - 10]))
    if fc in (3, 4):
        addr, count = struct.unpack(">HH", pdu[1:5])
        body = bytes([fc, 2 * count]) + b"".join(struct.pack(">H", (addr + i) & 0xFFFF) for i in range(count))
    elif fc in (5, 6, 15, 16):
        body = pdu[:5]
    else:
        body = bytes([fc | 0x80, 1])
    if mode == 1:
        out = frame(tid, unit, body)
        return out[:2] + b"\x12\x34" + out[4:]
    if mode == 2:
        return frame((tid + 1000) & 0xFFFF, unit, body)
    if mode == 3:
        return frame(tid, unit, body)[:-3]
    return frame(tid, unit, body)


def frame(tid, unit, pdu):
    return struct.pack(">HHHB", tid, 0, len(pdu) + 1, unit) + pdu


def serve(conn):
    with conn:
        buf = b""
        while True:
            data = conn.recv(4096)
            if not data:
                return
            buf += data
            while len(buf) >= 7:
                tid, _, length, unit = struct.unpack(">HHHB", buf[:7])
                if len(buf) < 6 + length:
                    break
                pdu, buf = buf[7:6 + length], buf[6 + length:]
                out = answer(conn, tid, unit, pdu)
                if out:
                    conn.sendall(out)


def main():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", int(sys.argv[1])))
    srv.listen(8)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


main()
