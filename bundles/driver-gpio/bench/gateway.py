#!/usr/bin/env python3
"""GPIO edges through the built distribution on Pi4J's mock provider (issue 10), the gateway on one core.

    ./mvnw -B -q install -DskipTests && bundles/driver-gpio/bench/gateway.py [--bursts 5] [--pulses 1000000]
                                                            [--rate 500] [--seconds 10] [--runs 3]
                                                            [--warmup-runs 3] [--jfr DIR]

The gateway (pinned to core 0 with taskset) runs a Raspberry Pi 4 profile switched to the mock provider with the
features driver-gpio and cloud-mqtt, provisioned to a Mosquitto on a free 127.0.0.1 port; Mosquitto, mosquitto_sub
and the shell client run on core 1. One device, `bench-gpio`: `level` (an input on GPIO17, both edges, no debounce)
and `count` (a counter on GPIO27 counting both edges, no debounce), both event channels. The edges come from the
driver's mock-only shell command `gpio:pulse` inside the gateway: Pi4J's mock calls the driver on the caller's
thread, so each edge goes mock -> Pi4J listener -> driver (time seen, debounce, edge filter) -> core (pipeline,
twin mapping) -> the uplink's queue before the next edge is made.

Rows:
  throughput  --bursts bursts of --pulses pulses (2 edges each) flat out on `level`, then on `count`, after a
              warm-up of the same size: edges/s as `gpio:pulse` timed them (edge -> twin update queued); the
              count channel's last value at the broker must equal the pulses given, or the row fails
  latency     --runs runs of --seconds s at --rate pulses/s (2 x rate edges/s, evenly spaced) on `level`, after
              --warmup-runs such runs: edge -> broker p50/p99/max, the broker-side receive time (mosquitto_sub %U) of
              each message minus its Ditto `timestamp` header (the time the edge was seen, in whole
              milliseconds: the figure includes 0..1 ms of truncation), with the core's default settings
              (flush.min.interval.ms=10: under load, changes merge within 10 ms) and with
              flush.min.interval.ms=1 (every edge its own message at 1,000 edges/s); with the gateway's CPU time per edge
              (the whole process, /proc/PID/stat: the shell session threads that run gpio:pulse, and with it the
              edge's own path, end with each run and are missing from the per-thread figures that follow)
              and the time its threads waited in the run queue for a CPU per edge (/proc/PID/task/*/schedstat): on a
              shared machine the tail is that wait; and how many times per message its threads were put on a CPU
              (schedstat's third field: about one per thread wake-up, the pacing of the edges included), a
              figure the machine's load hardly changes

Nothing here is a test: figures depend on the machine; run it on an otherwise idle one. Every process it starts
is ended by PID; every run is bounded (a paced run is at most 20 s, a burst at most a million pulses).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent.parent / "edge-distro" / "bench"))
import footprint  # noqa: E402
from footprint import HOME, Gateway, Processes, await_port, free_port, pct, twin_messages  # noqa: E402  (the distribution bench's helpers)

DEVICE = {
    "id": "bench-gpio", "driver": "gpio", "description": "GPIO benchmark: an input and a counter on the mock provider",
    "channels": [
        {"name": "level", "type": "boolean", "event": True,
         "address": {"mode": "input", "pin": "17", "edge": "both", "debounce": "0ms"}},
        {"name": "count", "type": "integer", "event": True,
         "address": {"mode": "counter", "pin": "27", "edge": "both", "debounce": "0ms"}},
    ],
}
# the Raspberry Pi 4's header on the mock provider (as test-it's GpioGatewayProcessTest), no serial ports, no local broker
MOCK_PI = {"gpio.provider": "mock", "gpio.chip": "none", "board.cpu.arch": "any", "serial.ports": "", "local.broker": "false",
           "board.model": "Raspberry Pi 4 Model B on a mock header"}


class Bench:
    """One gateway with the bench device, its broker and a subscriber writing every message with its receive time."""

    def __init__(self, procs, work, core_cfg=None, nodelay=False):
        self.procs, self.work = procs, work
        work.mkdir(parents=True)
        mqtt = free_port()
        (work / "mosquitto.conf").write_text(f"listener {mqtt} 127.0.0.1\nallow_anonymous true\npersistence false\n"
                                             "max_queued_messages 100000\n" + ("set_tcp_nodelay true\n" if nodelay else ""))
        procs.start(["mosquitto", "-c", str(work / "mosquitto.conf")], cpu=1, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        await_port(mqtt)
        self.gw = Gateway(procs, work, "raspberry-pi-4", features="driver-gpio,cloud-mqtt", broker=f"tcp://127.0.0.1:{mqtt}",
                          settings=MOCK_PI, core_cfg=core_cfg)
        (work / "conf" / "devices" / "bench-gpio.json").write_text(json.dumps(DEVICE))
        self.twin = work / "twin.tsv"
        procs.start(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(mqtt), "-V", "mqttv5", "-t", "mviot/bench-gw/#", "-F", "%U\t%p"],
                    cpu=1, stdout=open(self.twin, "w"), stderr=subprocess.DEVNULL)
        self.gw.run()
        self.await_online()

    def shell(self, *command, limit=60):
        """One shell command through the gateway's unix socket (the client on core 1); its output."""
        r = subprocess.run(["taskset", "-c", "1", str(HOME / "bin" / "mviot-edge"), "shell", *command], env=self.gw.env,
                           capture_output=True, text=True, timeout=limit)
        if r.returncode != 0:
            sys.exit(f"'{' '.join(command)}' failed ({r.returncode}):\n{r.stdout}{r.stderr}")
        return r.stdout.strip()

    def await_online(self, limit=30.0):
        end = time.monotonic() + limit
        out = ""
        while time.monotonic() < end:
            out = self.shell("mviot:devices")
            if any(line.split()[:1] == ["bench-gpio"] and " online " in f" {line} " for line in out.splitlines()):
                return
            time.sleep(0.2)  # polling the device list, bounded by limit
        sys.exit(f"bench-gpio never came online:\n{out}")

    def messages(self, start, end):
        """(receive time s, Ditto timestamp s or None, path, value) of the bench device's twin messages between two offsets."""
        return twin_messages(self.twin, start, end, "bench-gpio")

    def settle(self, quiet=1.0, limit=30.0):
        """Waits until the subscriber's output has not grown for `quiet` s: everything queued has reached the broker."""
        end = time.monotonic() + limit
        size, since = -1, time.monotonic()
        while time.monotonic() < end:
            s = self.twin.stat().st_size
            if s != size:
                size, since = s, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return size
            time.sleep(0.05)  # watching a file grow, bounded by limit
        return size

    def record(self, jfr):
        """Starts a JFR recording in the gateway (execution samples every 10 ms, locks, parks): the measured runs only."""
        if jfr:
            subprocess.run(["jcmd", str(self.gw.p.pid), "JFR.start", "name=bench", "settings=profile"], check=True, stdout=subprocess.DEVNULL)

    def dump(self, jfr):
        if jfr:
            subprocess.run(["jcmd", str(self.gw.p.pid), "JFR.stop", "name=bench", f"filename={jfr}"], check=True, stdout=subprocess.DEVNULL)


def sched(pid):
    """Per thread (id -> (name, ns on a CPU, ns waiting in the run queue, times it was put on a CPU)) of a process, from
    /proc/PID/task/*/schedstat."""
    out = {}
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{t}/schedstat") as f:
                on, queued, slices = f.read().split()
            with open(f"/proc/{pid}/task/{t}/comm") as f:
                name = f.read().strip()
            out[t] = (name, int(on), int(queued), int(slices))
        except (FileNotFoundError, ValueError):
            pass  # a thread that ended meanwhile
    return out


def process_cpu_ns(pid):
    """CPU time of the whole process (utime + stime, threads that ended included: the shell sessions' threads that run
    gpio:pulse, hence the edge's own path), from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1_000_000_000 // footprint.HZ


def sched_diff(before, after):
    """Total CPU ns, total run-queue wait ns, times threads were put on a CPU (each wake-up is one), and [(name, CPU ns)]
    by thread, busiest first, between two samples."""
    rows = []
    for t, (name, on, queued, slices) in after.items():
        _, on0, queued0, slices0 = before.get(t, (name, 0, 0, 0))
        rows.append((name, on - on0, queued - queued0, slices - slices0))
    rows.sort(key=lambda r: -r[1])
    return sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows), [(r[0], r[1]) for r in rows]


def last_count(messages):
    """The newest value of the `count` channel among the messages, or None."""
    found = None
    for _, _, path, value in messages:
        v = value
        for key in [p for p in path.split("/") if p][1:]:  # the path after /features
            v = {key: v}
        while isinstance(v, dict) and len(v) == 1 and "count" not in v:
            v = next(iter(v.values()))
        if isinstance(v, dict) and "count" in v:
            c = v["count"]
            while isinstance(c, dict):
                c = c.get("value", c.get("properties", next(iter(c.values()), None)))
            found = c
    return found


def throughput(procs, root, args):
    b = Bench(procs, root / "throughput")
    rows = {}
    given = 0
    for pin, channel in (("17", "level"), ("27", "count")):
        b.shell("gpio:pulse", pin, str(args.pulses))  # warm-up: the JIT compiles the edge path
        if pin == "27":
            given += args.pulses
        rates = []
        jfr = args.jfr and str(Path(args.jfr).resolve() / f"throughput-{channel}.jfr")
        b.record(jfr)
        for _ in range(args.bursts):
            out = b.shell("gpio:pulse", pin, str(args.pulses))
            rates.append(float(out.rsplit("(", 1)[1].split()[0]))
            if pin == "27":
                given += args.pulses
        b.dump(jfr)
        rows[channel] = rates
    size = b.settle()
    counted = last_count(b.messages(0, size))
    b.gw.stop()
    if counted != 2 * given:
        sys.exit(f"the count channel ended at {counted} at the broker, not the {2 * given} edges given")
    return rows, counted


def latency(procs, root, args, label, core_cfg):
    b = Bench(procs, root / label, core_cfg, args.broker_nodelay)
    for _ in range(args.warmup_runs):  # warm-up: the JIT compiles the edge and publishing paths (C2 takes a while on one core)
        b.shell("gpio:pulse", "17", str(args.rate * args.seconds), str(args.rate), limit=args.seconds + 40)
    start = b.settle()
    lat, late = [], 0
    jfr = args.jfr and str(Path(args.jfr).resolve() / f"{label}.jfr")
    b.record(jfr)
    s0 = sched(b.gw.p.pid)
    c0 = process_cpu_ns(b.gw.p.pid)
    for _ in range(args.runs):
        out = b.shell("gpio:pulse", "17", str(args.rate * args.seconds), str(args.rate), limit=args.seconds + 40)
        late += int(out.rsplit(",", 1)[1].split()[0])
    _, wait, slices, threads = sched_diff(s0, sched(b.gw.p.pid))
    cpu = process_cpu_ns(b.gw.p.pid) - c0
    b.dump(jfr)
    end = b.settle()
    msgs = [m for m in b.messages(start, end) if m[1] is not None and "level" in json.dumps(m[3]) + m[2]]
    lat = [(recv - seen) * 1000 for recv, seen, _, _ in msgs]
    b.gw.stop()
    edges = 2 * args.rate * args.seconds * args.runs
    return {"edges": edges, "messages": len(msgs), "late": late, "p50": pct(lat, 50), "p99": pct(lat, 99), "max": max(lat) if lat else float("nan"),
            "cpu_us": cpu / 1000 / edges, "wait_us": wait / 1000 / edges, "slices": slices / len(msgs) if msgs else float("nan"),
            "threads": ", ".join(f"{name} {ns / 1000 / edges:.1f}" for name, ns in threads[:6])}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bursts", type=int, default=5)
    ap.add_argument("--pulses", type=int, default=1_000_000)
    ap.add_argument("--rate", type=int, default=500, help="pulses/s of the latency rows (2 edges each)")
    ap.add_argument("--seconds", type=int, default=10, help="length of a paced run, at most 20")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warmup-runs", type=int, default=3, help="paced runs before the measured ones")
    ap.add_argument("--rows", default="throughput,latency")
    ap.add_argument("--jfr", help="a directory: a JFR profile of each row's measured runs is written there (jcmd JFR.start/stop) for `jfr print`")
    ap.add_argument("--broker-nodelay", action="store_true",
                    help="Mosquitto sets TCP_NODELAY on its sockets (set_tcp_nodelay): no Nagle delay on its PUBACKs and deliveries")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (each row's twin.tsv: receive time and message)")
    ap.add_argument("--home", help="the distribution to measure (default: edge-distro/target/mviot-edge), e.g. a baseline built from main")
    args = ap.parse_args()
    if args.home:
        global HOME
        HOME = footprint.HOME = Path(args.home).resolve()
    if not (HOME / "bin" / "mviot-edge").exists():
        sys.exit("build first: ./mvnw -B -q install -DskipTests")
    for tool in ("mosquitto", "mosquitto_sub", "taskset"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed (Debian: mosquitto, mosquitto-clients, util-linux)")
    root = Path(tempfile.mkdtemp(prefix="mviot-gpio-bench-"))
    procs = Processes()
    print(f"# {datetime.now().isoformat(timespec='seconds')} {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; gateway on core 0",
          flush=True)
    try:
        if "throughput" in args.rows:
            rows, counted = throughput(procs, root, args)
            for channel, rates in rows.items():
                s = sorted(rates)
                print(f"throughput, {channel}: {args.bursts} bursts of {2 * args.pulses} edges, edges/s median {s[len(s) // 2]:,.0f} "
                      f"(min {s[0]:,.0f}, max {s[-1]:,.0f}); count at the broker {counted:,} = every edge", flush=True)
        if "latency" in args.rows:
            for label, cfg in (("default settings", None), ("flush.min.interval.ms=1", {"flush.min.interval.ms": 1})):
                r = latency(procs, root, args, label.replace(" ", "-").replace("=", ""), cfg)
                print(f"latency, {2 * args.rate} edges/s, {label}: {r['edges']} edges, {r['messages']} messages, edge -> broker "
                      f"p50 {r['p50']:.2f} ms, p99 {r['p99']:.2f} ms, max {r['max']:.2f} ms; {r['late']} edges paced late; gateway CPU "
                      f"{r['cpu_us']:.1f} µs/edge, its threads waited {r['wait_us']:.1f} µs/edge for a CPU (run queue) and were put on a CPU "
                      f"{r['slices']:.1f} times per message; "
                      f"busiest threads (µs/edge): {r['threads']}", flush=True)
    finally:
        procs.close()
        if args.keep:
            print(f"# kept {root}", flush=True)
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
