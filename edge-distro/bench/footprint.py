#!/usr/bin/env python3
"""Performance and footprint of the built distribution: one line per row of the README's table.

    ./mvnw -B -q install -DskipTests && edge-distro/bench/footprint.py [--seconds 30] [--warmup 60]
                                                                  [--rows modbus100,modbus10,idle,start]

Rows (the gateway pinned to core 0 with taskset, its peers to core 1):
  modbus100  100 holding registers of a pymodbus slave that change every 10 ms, polled every 100 ms
             (1,000 changes/s), default settings, delivered to Mosquitto over MQTT v5
  modbus10   the same registers polled every 10 ms, every change delivered (merge.window.ms=10)
  idle       no devices, connected to Mosquitto
  start      start -> ready on every profile (median of --starts, after one start that writes the
             class-data archive); the gateway's CPU time (all threads) up to ready, its threads and RSS
             right after ready. On a busy machine the wall time waits for the core; the CPU time does not

Per row: CPU % of one core (utime+stime of the gateway over --seconds, measured --warmup seconds after
ready, idle included), CPU µs per delivered change, change -> broker latency p50/p99 (the broker-side
receive time of each message minus its Ditto `timestamp` header, the newest measurement it carries),
thread wake-ups/s (voluntary + involuntary context switches of all its threads), threads, RSS.
Nothing here is a test: figures depend on the machine; run it on an otherwise idle one.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOME = HERE.parent / "target" / "mviot-edge"
SLAVE = HERE.parent.parent / "bundles" / "driver-modbus" / "bench" / "changing_registers.py"
HZ = os.sysconf("SC_CLK_TCK")
PROFILES = ["raspberry-pi-3", "raspberry-pi-4", "raspberry-pi-5", "raspberry-pi-zero-2w", "compute-module-4", "generic-linux", "sim"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def await_port(port, limit=10.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"port {port} never opened")


class Processes:
    """Every process this script started, ended by PID in reverse order."""

    def __init__(self):
        self.started = []

    def start(self, args, cpu=None, **kw):
        if cpu is not None:
            args = ["taskset", "-c", str(cpu)] + args
        p = subprocess.Popen(args, **kw)
        self.started.append(p)
        return p

    def stop(self, p):
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def close(self):
        for p in reversed(self.started):
            self.stop(p)


def proc_sample(pid):
    """CPU ticks, context switches over all threads, thread count, RSS in kB of one process."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    switches = 0
    tasks = os.listdir(f"/proc/{pid}/task")
    for t in tasks:
        try:
            with open(f"/proc/{pid}/task/{t}/status") as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        switches += int(line.split()[1])
        except FileNotFoundError:
            pass  # a thread that ended meanwhile
    rss = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                rss = int(line.split()[1])
    return ticks, switches, len(tasks), rss


class Gateway:
    """The built distribution on its own home: provisioned to a broker, run pinned to core 0."""

    def __init__(self, procs, work, profile, features=None, broker=None, settings=None, core_cfg=None):
        self.procs, self.work, self.profile = procs, work, profile
        self.env = dict(os.environ, MVIOT_CONF=str(work / "conf"), MVIOT_DATA=str(work / "data"),
                        MVIOT_DEPLOY=str(work / "deploy"), MVIOT_BOOT_CONF=str(work / "none"),
                        MVIOT_LOCAL_BROKER_PORT=str(free_port()))
        (work / "conf" / "devices").mkdir(parents=True, exist_ok=True)
        (work / "deploy").mkdir(parents=True, exist_ok=True)
        if features is not None or settings:
            src = (HOME / "hardware-profiles" / f"{profile}.properties").read_text()
            lines = []
            for line in src.splitlines():
                if features is not None and line.startswith("features="):
                    line = "features=" + features
                lines.append(line)
            lines += [f"{k}={v}" for k, v in (settings or {}).items()]
            (work / "conf" / "hardware-profiles").mkdir(parents=True, exist_ok=True)
            (work / "conf" / "hardware-profiles" / f"{profile}.properties").write_text("\n".join(lines) + "\n")
        if core_cfg:
            (work / "deploy" / "org.mviot.edge.core.cfg").write_text("".join(f"{k}={v}\n" for k, v in core_cfg.items()))
        if broker:
            subprocess.run([str(HOME / "bin" / "mviot-edge"), "provision", "--id", "bench-gw", "--broker", broker,
                            "--profile", profile], env=self.env, check=True, stdout=subprocess.DEVNULL)
        self.p = None

    def run(self, limit=60.0):
        """Starts the gateway; returns (its 'ready in' ms, wall ms to that line)."""
        out = self.work / "out.txt"
        t0 = time.monotonic()
        args = [str(HOME / "bin" / "mviot-edge"), "run", "--profile", self.profile]
        self.p = self.procs.start(args, cpu=0, env=self.env, stdout=open(out, "w"), stderr=open(self.work / "gateway.log", "w"))
        end = t0 + limit
        while time.monotonic() < end:
            text = out.read_text()
            if "ready in" in text:
                wall = (time.monotonic() - t0) * 1000
                ms = int(text.split("ready in", 1)[1].split()[0])
                return ms, wall
            if self.p.poll() is not None:
                break
            time.sleep(0.01)
        sys.exit(f"gateway ({self.profile}) not ready:\n{out.read_text()}\n{(self.work / 'gateway.log').read_text()[-3000:]}")

    def stop(self):
        self.procs.stop(self.p)


def twin_messages(path, start, end, device):
    """(receive time s, Ditto timestamp s or None, path, value) of a device's twin feature messages in the
    mosquitto_sub output (`%U<TAB>payload` lines) between two offsets."""
    with open(path, "rb") as f:
        f.seek(start)
        data = f.read(end - start)
    out = []
    for line in data.splitlines():
        recv, _, payload = line.partition(b"\t")
        try:
            m = json.loads(payload)
            received = float(recv)
        except ValueError:
            continue
        if f"/{device}/" not in m.get("topic", "") or not m.get("path", "").startswith("/features"):
            continue
        ts = m.get("headers", {}).get("timestamp")
        seen = datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp() if ts else None
        out.append((received, seen, m.get("path"), m.get("value")))
    return out


def changes_and_latency(path, start, end):
    """Property changes and per-message latencies (ms) in the mosquitto_sub output between two offsets."""
    messages = twin_messages(path, start, end, "bench-plc")
    changes = sum(leaves(value) for _, _, _, value in messages)
    lat = [(received - seen) * 1000 for received, seen, _, _ in messages if seen is not None]
    return changes, lat


def leaves(v):
    return sum(leaves(x) for x in v.values()) if isinstance(v, dict) else 1


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def measure(pid, seconds, twin=None):
    b0 = twin.stat().st_size if twin else 0
    t0, s0, _, _ = proc_sample(pid)
    w0 = time.monotonic()
    time.sleep(seconds)  # a measurement window, not synchronisation
    t1, s1, threads, rss = proc_sample(pid)
    wall = time.monotonic() - w0
    b1 = twin.stat().st_size if twin else 0
    cpu_s = (t1 - t0) / HZ
    row = {"cpu_pct": 100 * cpu_s / wall, "wakeups_s": (s1 - s0) / wall, "threads": threads, "rss_mb": rss / 1024}
    if twin:
        n, lat = changes_and_latency(twin, b0, b1)
        row.update(changes_s=n / wall, us_per_change=(1e6 * cpu_s / n) if n else float("nan"),
                   p50_ms=pct(lat, 50), p99_ms=pct(lat, 99))
    return row


def modbus_row(procs, root, args, poll_ms, core_cfg, label):
    work = root / label
    mqtt, modbus = free_port(), free_port()
    (work).mkdir(parents=True)
    (work / "mosquitto.conf").write_text(f"listener {mqtt} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 100000\n")
    procs.start(["mosquitto", "-c", str(work / "mosquitto.conf")], cpu=1, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs.start(["/usr/bin/python3", str(SLAVE), str(modbus), str(args.registers), "0.01"], cpu=1,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    await_port(mqtt)
    await_port(modbus)
    gw = Gateway(procs, work, "generic-linux", features="driver-modbus,cloud-mqtt", broker=f"tcp://127.0.0.1:{mqtt}", core_cfg=core_cfg)
    device = {"id": "bench-plc", "driver": "modbus", "connection": {"host": "127.0.0.1", "port": modbus, "unit": 1, "timeout": "2s"},
              "channels": [{"name": f"r{i}", "type": "integer", "poll": f"{poll_ms}ms",
                            "address": {"table": "holding", "register": i, "type": "int16"}} for i in range(args.registers)]}
    (work / "conf" / "devices" / "bench-plc.json").write_text(json.dumps(device))
    twin = work / "twin.tsv"
    procs.start(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(mqtt), "-V", "mqttv5", "-t", "mviot/bench-gw/#", "-F", "%U\t%p"],
                cpu=1, stdout=open(twin, "w"), stderr=subprocess.DEVNULL)
    gw.run()
    time.sleep(args.warmup)  # warm-up: the JIT compiles the hot path after a start
    row = measure(gw.p.pid, args.seconds, twin)
    gw.stop()
    return row


def idle_row(procs, root, args):
    work = root / "idle"
    mqtt = free_port()
    work.mkdir(parents=True)
    (work / "mosquitto.conf").write_text(f"listener {mqtt} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    procs.start(["mosquitto", "-c", str(work / "mosquitto.conf")], cpu=1, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    await_port(mqtt)
    gw = Gateway(procs, work, "generic-linux", broker=f"tcp://127.0.0.1:{mqtt}")
    gw.run()
    time.sleep(args.warmup)
    row = measure(gw.p.pid, args.seconds)
    gw.stop()
    return row


def start_rows(procs, root, args):
    rows = []
    for profile in args.profiles.split(","):
        work = root / f"start-{profile}"
        work.mkdir(parents=True)
        gw = Gateway(procs, work, profile)
        gw.run()
        gw.stop()  # the first start writes the class-data archive
        ready, rss, cpu, threads = [], [], [], []
        for _ in range(args.starts):
            ms, _ = gw.run()
            ticks, _, n, kb = proc_sample(gw.p.pid)
            ready.append(ms)
            cpu.append(1000 * ticks / HZ)
            threads.append(n)
            rss.append(kb / 1024)
            gw.stop()
        rows.append((profile, statistics.median(ready), statistics.median(cpu), statistics.median(threads), statistics.median(rss)))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--warmup", type=float, default=60)
    ap.add_argument("--registers", type=int, default=100)
    ap.add_argument("--starts", type=int, default=3)
    ap.add_argument("--rows", default="modbus100,modbus10,idle,start")
    ap.add_argument("--profiles", default="raspberry-pi-4,generic-linux,sim")
    ap.add_argument("--home", help="the distribution to measure (default: edge-distro/target/mviot-edge)")
    args = ap.parse_args()
    if args.home:
        global HOME
        HOME = Path(args.home).resolve()
    if not (HOME / "bin" / "mviot-edge").exists():
        sys.exit("build first: ./mvnw -B -q install -DskipTests")
    for tool in ("mosquitto", "mosquitto_sub", "taskset"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed (Debian: mosquitto, mosquitto-clients, util-linux)")
    root = Path(tempfile.mkdtemp(prefix="mviot-footprint-"))
    procs = Processes()
    rows = args.rows.split(",")
    print(f"# {datetime.now().isoformat(timespec='seconds')} {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; "
          f"gateway on core 0; window {args.seconds:g} s after {args.warmup:g} s warm-up")
    try:
        fmt = ("{label}: {cpu_pct:.2f} % of a core, {us_per_change:.1f} µs/change, {changes_s:.0f} changes/s, "
               "p50 {p50_ms:.1f} ms, p99 {p99_ms:.1f} ms, {wakeups_s:.0f} wake-ups/s, {threads} threads, RSS {rss_mb:.0f} MB")
        if "modbus100" in rows:
            r = modbus_row(procs, root, args, 100, None, "modbus100")
            print(fmt.format(label=f"{args.registers} registers every 100 ms (default settings)", **r), flush=True)
        if "modbus10" in rows:
            r = modbus_row(procs, root, args, 10, {"merge.window.ms": 10}, "modbus10")
            print(fmt.format(label=f"{args.registers} registers every 10 ms, merge.window.ms=10", **r), flush=True)
        if "idle" in rows:
            r = idle_row(procs, root, args)
            print("idle, no devices, connected: {cpu_pct:.2f} % of a core, {wakeups_s:.0f} wake-ups/s, {threads} threads, "
                  "RSS {rss_mb:.0f} MB".format(**r), flush=True)
        if "start" in rows:
            for profile, ready, cpu, threads, rss in start_rows(procs, root, args):
                print(f"start -> ready, {profile}: median {ready:.0f} ms of {args.starts} ({cpu:.0f} ms CPU), {threads:.0f} threads, "
                      f"RSS {rss:.0f} MB", flush=True)
    finally:
        procs.close()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
