#!/usr/bin/env python3
"""The sim profile's start with its local MQTT broker (issue 16, goals 4 and 5): one line per distribution.

    ./mvnw -B -q install -DskipTests && bundles/local-broker/bench/sim_start.py [--starts 5]
          [--home DIR ...] [--no-broker]

For each distribution (--home, repeatable; default edge-distro/target/mviot-edge), --starts starts of the
`sim` profile with nothing provisioned (the cloud link sends to the local broker), after one start that
writes the class-data archive and the broker's logins; the distributions alternate start by start so that
a busy machine weighs on all of them alike. Gateway pinned to core 0 (taskset), this script on core 1.

Per start:
  ready      the launcher's "ready in N ms" (from the start script's start)
  twin       wall ms from starting the start script to the first twin update (mviot/+/twin/#) that reaches a
             subscriber of the local broker: this script connects (MQTT 3.1.1, the `client` login from the
             broker's logins file) every 10 ms from the moment the process starts until the broker accepts
             it, subscribes, and takes the first PUBLISH. The subscriber is in before the gateway's own link
             (it only tries once the port is open), so the first update the gateway sends is the one seen
  cpu        the gateway's CPU time (all threads) up to ready
  threads, RSS right after ready and 10 s later (broker and link settled)
Medians of the starts. --no-broker runs the same profile with local.broker=false (a copy of the profile in
the gateway's conf/): the twin column is then empty. Nothing here is a test: figures depend on the machine.
"""
import argparse
import os
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import shutil
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
sys.path.insert(0, str(ROOT / "edge-distro" / "bench"))
import footprint as fp  # noqa: E402  (the distribution's bench helpers: Processes, proc_sample, free_port)


def mqtt_string(s):
    b = s.encode()
    return struct.pack("!H", len(b)) + b


def packet(kind, body):
    n, length = len(body), b""
    while True:
        byte, n = n % 128, n // 128
        length += bytes([byte | (0x80 if n else 0)])
        if not n:
            return bytes([kind]) + length + body


def read_packet(sock):
    head = sock.recv(1)
    if not head:
        raise ConnectionError("closed")
    mult, n = 1, 0
    while True:
        b = sock.recv(1)[0]
        n += (b & 0x7F) * mult
        mult *= 128
        if not b & 0x80:
            break
    body = b""
    while len(body) < n:
        chunk = sock.recv(n - len(body))
        if not chunk:
            raise ConnectionError("closed")
        body += chunk
    return head[0], body


class FirstTwinUpdate(threading.Thread):
    """Connects to the local broker every 10 ms until it accepts, subscribes to the twin updates and records
    the monotonic time of the first one."""

    def __init__(self, port, user, password, deadline):
        super().__init__(daemon=True)
        self.port, self.user, self.password, self.deadline = port, user, password, deadline
        self.at = None
        self.error = None

    def run(self):
        while time.monotonic() < self.deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.settimeout(max(0.1, self.deadline - time.monotonic()))
                    s.sendall(packet(0x10, mqtt_string("MQTT") + bytes([4, 0xC2]) + struct.pack("!H", 60)
                                     + mqtt_string("sim-start-bench") + mqtt_string(self.user) + mqtt_string(self.password)))
                    kind, body = read_packet(s)
                    if kind != 0x20 or body[1] != 0:
                        self.error = f"CONNACK {body.hex()}"
                        return
                    s.sendall(packet(0x82, struct.pack("!H", 1) + mqtt_string("mviot/+/twin/#") + b"\x00"))
                    while True:
                        kind, body = read_packet(s)
                        if kind & 0xF0 == 0x30:
                            self.at = time.monotonic()
                            return
                        if kind == 0x90 and body[2] & 0x80:
                            self.error = "subscription refused"
                            return
            except (ConnectionError, OSError):
                time.sleep(0.01)


def credentials(data):
    props = {}
    for line in (data / "local-broker" / "credentials.properties").read_text().splitlines():
        k, sep, v = line.partition("=")
        if sep and not k.startswith("#"):
            props[k.strip()] = v.strip()
    return props["client.username"], props["client.password"]


class SimGateway:
    def __init__(self, procs, home, work, broker):
        self.procs, self.home, self.work, self.broker = procs, Path(home), work, broker
        self.port = fp.free_port()
        self.env = dict(os.environ, MVIOT_CONF=str(work / "conf"), MVIOT_DATA=str(work / "data"),
                        MVIOT_DEPLOY=str(work / "deploy"), MVIOT_BOOT_CONF=str(work / "none"),
                        MVIOT_LOCAL_BROKER_PORT=str(self.port))
        (work / "deploy").mkdir(parents=True)
        profiles = work / "conf" / "hardware-profiles"
        profiles.mkdir(parents=True)
        if not broker:
            src = (self.home / "hardware-profiles" / "sim.properties").read_text()
            profiles.joinpath("sim.properties").write_text(src.replace("local.broker=true", "local.broker=false"))

    def start(self, limit=60.0):
        out = self.work / "out.txt"
        t0 = time.monotonic()
        sub = None
        if self.broker and (self.work / "data" / "local-broker" / "credentials.properties").exists():
            sub = FirstTwinUpdate(self.port, *credentials(self.work / "data"), t0 + limit)
            sub.start()
        p = self.procs.start([str(self.home / "bin" / "mviot-edge"), "run", "--profile", "sim"], cpu=0, env=self.env,
                             stdout=open(out, "w"), stderr=open(self.work / "gateway.log", "w"))
        while time.monotonic() < t0 + limit:
            text = out.read_text()
            if "ready in" in text:
                ready = int(text.split("ready in", 1)[1].split()[0])
                ticks, _, threads, kb = fp.proc_sample(p.pid)
                row = {"ready": ready, "cpu": 1000 * ticks / fp.HZ, "threads": threads, "rss": kb / 1024}
                if sub:
                    sub.join(max(0.0, t0 + limit - time.monotonic()))
                    if sub.at is None:
                        sys.exit(f"no twin update at the broker: {sub.error}\n{(self.work / 'gateway.log').read_text()[-3000:]}")
                    row["twin"] = (sub.at - t0) * 1000
                time.sleep(10)  # a settling window before the second sample, not synchronisation
                _, _, row["threads10"], kb = fp.proc_sample(p.pid)
                row["rss10"] = kb / 1024
                self.procs.stop(p)
                return row
            if p.poll() is not None:
                break
            time.sleep(0.01)
        sys.exit(f"gateway not ready:\n{out.read_text()}\n{(self.work / 'gateway.log').read_text()[-3000:]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--starts", type=int, default=5)
    ap.add_argument("--home", action="append", help="a distribution to measure (repeatable)")
    ap.add_argument("--no-broker", action="store_true", help="also measure each distribution with local.broker=false")
    args = ap.parse_args()
    homes = args.home or [str(ROOT / "edge-distro" / "target" / "mviot-edge")]
    os.sched_setaffinity(0, {1})
    root = Path(tempfile.mkdtemp(prefix="mviot-sim-start-"))
    procs = fp.Processes()
    print(f"# {datetime.now().isoformat(timespec='seconds')} {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; "
          f"gateway on core 0; sim profile, nothing provisioned; median of {args.starts} starts", flush=True)
    try:
        variants = [(h, True) for h in homes] + ([(h, False) for h in homes] if args.no_broker else [])
        gws = []
        for i, (home, broker) in enumerate(variants):
            gw = SimGateway(procs, home, root / f"v{i}", broker)
            gw.start()  # the class-data archive and the broker's logins
            gws.append((home, broker, gw, []))
        for _ in range(args.starts):
            for _, _, gw, rows in gws:
                rows.append(gw.start())
        for home, broker, _, rows in gws:
            med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
            twin = f", first twin update at the broker {med['twin']:.0f} ms" if "twin" in med else ""
            print(f"{home} ({'local broker' if broker else 'local.broker=false'}): ready {med['ready']:.0f} ms "
                  f"({med['cpu']:.0f} ms CPU){twin}; {med['threads']:.0f} threads, RSS {med['rss']:.0f} MB at ready; "
                  f"{med['threads10']:.0f} threads, RSS {med['rss10']:.0f} MB 10 s later "
                  f"[ready {', '.join(str(r['ready']) for r in rows)}]", flush=True)
    finally:
        procs.close()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
