"""A text-line instrument on a serial line (a pseudo-terminal), for the gateway's process-level tests.

Usage: line_instrument.py <serial device>

Every 100 ms it writes a CSV line "T1,<temperature>,<count>,<setpoint>\\n": temperature 21.5, count
1, 2, 3..., setpoint 0 until a command changes it. Every tenth line is garbage instead (control
bytes, no readable fields). It reads what the gateway sends: each received line is printed on standard
output as "received <line>", and "SET <n>" makes <n> the setpoint of the following lines.
"""
import os
import select
import sys
import time
import tty

fd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY)
tty.setraw(fd)
print("writing to %s" % sys.argv[1], flush=True)

count = 0
setpoint = 0
pending = b""
due = time.monotonic()
while True:
    readable, _, _ = select.select([fd], [], [], max(0.0, due - time.monotonic()))
    if readable:
        pending += os.read(fd, 256)
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            text = line.decode("ascii", "replace").strip()
            print("received %s" % text, flush=True)
            if text.startswith("SET "):
                setpoint = int(float(text[4:]))
    if time.monotonic() >= due:
        due += 0.1
        count += 1
        if count % 10 == 0:
            os.write(fd, b"\x00\xff\x13garbage\x07\n")
        else:
            os.write(fd, ("T1,21.5,%d,%d\n" % (count, setpoint)).encode("ascii"))
