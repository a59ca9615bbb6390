#!/usr/bin/env python3
"""The web console's speed and footprint (issue 15): one printed line per row.

    ./mvnw -B -q install -DskipTests && bundles/web-console/bench/console.py [--rows paint,viewers,footprint]
          [--loads 5] [--viewers 20] [--seconds 30] [--warmup 60] [--starts 3]

Rows (the gateway pinned to core 0 with taskset; this script, Chromium, the SSE clients and the peers on core 1;
servers on 127.0.0.1 and free ports; helpers from edge-distro/bench/footprint.py):
  paint      the sim profile with an admin password; headless Debian Chromium driven over the DevTools protocol
             (a minimal websocket client below: the standard library has none and Selenium is not installed):
             the login page's first-contentful-paint in a fresh browser profile (cold: new TLS connection, empty
             cache), then logged in (POST /api/v1/session from the page) the overview's first-contentful-paint and
             the moment its data is on screen (the frame after the overview's cards entered the DOM, from a
             MutationObserver the DevTools protocol injects), median of --loads reloads after one warm-up load.
             Times are the page's own performance clock from navigation start
  viewers    the modbus100 setup of footprint.py (100 holding registers of a pymodbus slave changing every 10 ms,
             polled every 100 ms: 1,000 changes/s, to Mosquitto over MQTT v5) on generic-linux with web-console;
             the gateway's CPU % of one core over --seconds with 0 event streams, then 1, then --viewers streams
             on /api/v1/events (one login each: --viewers sessions; the console allows 32 streams and 32
             sessions), read by plain http.client over TLS (unverified context, benchmark only) counting value and state changes (one per `state`/`value` event, one per channel in a `values` event);
             the difference is the live viewers' cost
  footprint  sim profile with and without the web-console feature (a copy of the profile without it):
             RSS 2 s after ready and CPU time from start to ready, median of --starts after one start that
             writes the class-data archive
Nothing here is a test: figures depend on the machine; say the load next to them.
"""
import argparse
import base64
import http.client
import json
import os
import shutil
import socket
import ssl
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
sys.path.insert(0, str(ROOT / "edge-distro" / "bench"))
import footprint as fp  # noqa: E402  (the distribution's bench helpers: Gateway, Processes, proc_sample, ...)

PASSWORD = "bench-console-password-1"
SIM_FEATURES = "sim,driver-gpio,security,cloud-mqtt,timesync,position"


def load():
    return f"load {os.getloadavg()[0]:.2f}"


class DevTools:
    """The DevTools protocol over a websocket: the handful of frames Chromium sends and receives, nothing else
    (text frames, client frames masked, no extensions)."""

    def __init__(self, ws_url):
        host, _, path = ws_url[len("ws://"):].partition("/")
        h, _, p = host.partition(":")
        self.sock = socket.create_connection((h, int(p)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise OSError("DevTools closed the handshake")
            head += chunk
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise OSError(f"DevTools refused the websocket: {head[:200]!r}")
        self.next_id = 0

    def _send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        n = len(data)
        header = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack(">H", n)
                                  if n < 65536 else bytes([0x80 | 127]) + struct.pack(">Q", n))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise OSError("DevTools closed the websocket")
            buf += chunk
        return buf

    def _receive(self):
        message = b""
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exact(8))[0]
            payload = self._exact(n)
            if b0 & 0x0F in (0x1, 0x0):
                message += payload
                if b0 & 0x80:
                    return json.loads(message)
            # ping/pong/close frames: Chromium sends none unprompted here

    def call(self, method, **params):
        self.next_id += 1
        self._send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            m = self._receive()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            # events (Page.enable, Runtime.enable) are not needed: dropped

    def evaluate(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression[:60]}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def close(self):
        self.sock.close()


# injected before any page script: the page's own clock when the overview's cards are in the DOM and one frame later
OBSERVE_OVERVIEW = """
new MutationObserver((_, obs) => {
  if (document.getElementById('overview-gateway')) {
    obs.disconnect();
    window.__overviewInDom = performance.now();
    requestAnimationFrame(() => { window.__overviewFrame = performance.now(); });
  }
}).observe(document, {childList: true, subtree: true});
"""


def spki_pin(port):
    """base64 SHA-256 of the console certificate's public key: Chromium's --ignore-certificate-errors-spki-list."""
    pem = ssl.get_server_certificate(("127.0.0.1", port))
    pub = subprocess.run(["openssl", "x509", "-pubkey", "-noout"], input=pem.encode(), capture_output=True, check=True).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=pub, capture_output=True, check=True).stdout
    digest = subprocess.run(["openssl", "dgst", "-sha256", "-binary"], input=der, capture_output=True, check=True).stdout
    return base64.b64encode(digest).decode()


def wait_for(fn, limit, what):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        v = fn()
        if v:
            return v
        time.sleep(0.02)
    raise RuntimeError(f"timed out waiting for {what}")


def paint_after_navigation(dt, url, marker=None, limit=30):
    """Navigates and returns (first-contentful-paint ms, marker ms or None), both from navigation start."""
    dt.call("Page.navigate", url=url)

    def done():
        try:
            if dt.evaluate("document.readyState") != "complete":
                return None
            fcp = dt.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime")
            m = dt.evaluate(f"window.{marker}") if marker else 0
        except RuntimeError:
            return None  # the old document's context went away during the navigation
        return (fcp, m) if fcp is not None and m is not None else None

    return wait_for(done, limit, f"paint of {url}")


def blank(dt):
    """Leaves the console's page, so that the next load is a new document and not a change of the URL's hash."""
    dt.call("Page.navigate", url="about:blank")
    wait_for(lambda: dt.evaluate("location.href") == "about:blank", 10, "about:blank")


def paint_row(procs, root, args):
    work = root / "paint"
    work.mkdir(parents=True)
    gw = fp.Gateway(procs, work, "sim")
    provision_password(gw)
    port = fp.free_port()
    gw.env["MVIOT_CONSOLE_PORT"] = str(port)
    gw.run()
    fp.await_port(port)
    time.sleep(args.settle)  # let the start's background work (descriptor scan, twin) settle before timing pages
    profile_dir = work / "chromium"
    browser = procs.start(["/usr/bin/chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           "--disable-extensions", "--window-size=1280,900",
                           f"--user-data-dir={profile_dir}", f"--ignore-certificate-errors-spki-list={spki_pin(port)}",
                           "--remote-debugging-port=0", "about:blank"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    active = profile_dir / "DevToolsActivePort"
    wait_for(lambda: active.exists() and len(active.read_text().split()) >= 1, 30, "Chromium's DevTools port")
    devtools_port = int(active.read_text().split()[0])
    pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{devtools_port}/json/list", timeout=10))
    page = next(p for p in pages if p.get("type") == "page")
    dt = DevTools(page["webSocketDebuggerUrl"])
    try:
        dt.call("Page.enable")
        dt.call("Runtime.enable")
        dt.call("Page.addScriptToEvaluateOnNewDocument", source=OBSERVE_OVERVIEW)
        base = f"https://127.0.0.1:{port}/"
        login_fcp, _ = paint_after_navigation(dt, base + "#/login")
        login_warm = []
        for _ in range(args.loads):
            blank(dt)
            login_warm.append(paint_after_navigation(dt, base + "#/login")[0])
        status = dt.evaluate(f"""fetch('/api/v1/session', {{method: 'POST', headers: {{'Content-Type': 'application/json'}},
                                  body: JSON.stringify({{password: {json.dumps(PASSWORD)}}})}}).then(r => r.status)""")
        if status != 200:
            raise RuntimeError(f"login answered {status}")
        blank(dt)
        paint_after_navigation(dt, base + "#/overview", "__overviewFrame")  # warm-up: caches, TLS session, JIT
        fcps, shown, html, api = [], [], [], []
        for _ in range(args.loads):
            blank(dt)
            fcp, frame = paint_after_navigation(dt, base + "#/overview", "__overviewFrame")
            fcps.append(fcp)
            shown.append(frame)
            html.append(dt.evaluate("performance.getEntriesByType('navigation')[0].responseEnd"))
            api.append(dt.evaluate("Math.max(...performance.getEntriesByType('resource').filter(e => /api\\/v1\\/(overview|devices)$/.test(e.name))"
                                   ".map(e => e.duration))"))
        if args.detail:
            print("# last overview load, ms from navigation start (resource: start -> end, transfer bytes; 0 bytes = from cache):")
            print("#   index.html -> " + str(round(html[-1])))
            for name, start, end, size in dt.evaluate("performance.getEntriesByType('resource')"
                                                      ".map(e => [e.name.replace(/^https:\\/\\/[^/]+/, ''), e.startTime, e.responseEnd, e.transferSize])"):
                print(f"#   {name}: {start:.0f} -> {end:.0f}, {size} B")
            print(f"#   first-contentful-paint {fcps[-1]:.0f}, overview on screen {shown[-1]:.0f}", flush=True)
    finally:
        dt.close()
        procs.stop(browser)
        gw.stop()
    return login_fcp, login_warm, fcps, shown, html, api


def provision_password(gw):
    f = gw.work / "admin-password.txt"
    f.write_text(PASSWORD + "\n")
    subprocess.run([str(fp.HOME / "bin" / "mviot-edge"), "provision", "--admin-password-file", str(f)], env=gw.env, check=True,
                   stdout=subprocess.DEVNULL)


def changes(lines):
    """Changes in complete stream lines, so that figures stay comparable across stream formats: a `state` event is
    one, an old-style `value` event one, a `values` event one per channel (each channel's entry is the only `["` in
    its data: JSON escapes a quote inside a string)."""
    n = 0
    for line in lines.split(b"\n"):
        if line == b"event: state" or line == b"event: value":
            n += 1
        elif line.startswith(b'data: {"at":'):
            n += line.count(b'["')
    return n


class Viewer(threading.Thread):
    """One browser's worth of live values: its own session, one stream on /api/v1/events, changes counted (changes()); reconnects
    when the server drops it (too far behind) and counts that."""

    def __init__(self, port, stop):
        super().__init__(daemon=True)
        self.port, self.stop = port, stop
        self.events, self.reconnects, self.error = 0, 0, None
        self.opened = threading.Event()
        self.cookie = None

    def connection(self, timeout=20):
        return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=timeout, context=ssl._create_unverified_context())

    def login(self):
        # 20 logins at once: each a PBKDF2 of 310,000 iterations on the gateway's one core, one after another there
        c = self.connection(timeout=180)
        c.request("POST", "/api/v1/session", body=json.dumps({"password": PASSWORD}), headers={"Content-Type": "application/json"})
        r = c.getresponse()
        r.read()
        if r.status != 200:
            raise RuntimeError(f"login answered {r.status}")
        self.cookie = r.getheader("Set-Cookie").split(";", 1)[0]
        c.close()

    def run(self):
        try:
            self.login()
            while not self.stop.is_set():
                c = self.connection()
                c.request("GET", "/api/v1/events", headers={"Cookie": self.cookie, "Accept": "text/event-stream"})
                r = c.getresponse()
                if r.status != 200:
                    raise RuntimeError(f"/api/v1/events answered {r.status}: {r.read(200)!r}")
                self.opened.set()
                tail = b""
                while not self.stop.is_set():
                    chunk = r.read1(65536)
                    if not chunk:
                        break
                    data = tail + chunk
                    end = data.rfind(b"\n") + 1  # a line cut at the chunk's end is counted with the next chunk
                    self.events += changes(data[:end])
                    tail = data[end:]
                c.close()
                if not self.stop.is_set():
                    self.reconnects += 1
        except Exception as e:  # noqa: BLE001  reported with the row
            if not self.stop.is_set():  # after the window the gateway stops under the open streams: not an error
                self.error = e
            self.opened.set()


def viewers_row(procs, root, args):
    work = root / "viewers"
    work.mkdir(parents=True)
    mqtt, modbus, port = fp.free_port(), fp.free_port(), fp.free_port()
    (work / "mosquitto.conf").write_text(f"listener {mqtt} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 100000\n")
    procs.start(["mosquitto", "-c", str(work / "mosquitto.conf")], cpu=1, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs.start(["/usr/bin/python3", str(fp.SLAVE), str(modbus), "100", "0.01"], cpu=1, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    fp.await_port(mqtt)
    fp.await_port(modbus)
    gw = fp.Gateway(procs, work, "generic-linux", features="driver-modbus,cloud-mqtt,web-console", broker=f"tcp://127.0.0.1:{mqtt}")
    provision_password(gw)
    gw.env["MVIOT_CONSOLE_PORT"] = str(port)
    device = {"id": "bench-plc", "driver": "modbus", "connection": {"host": "127.0.0.1", "port": modbus, "unit": 1, "timeout": "2s"},
              "channels": [{"name": f"r{i}", "type": "integer", "poll": "100ms",
                            "address": {"table": "holding", "register": i, "type": "int16"}} for i in range(100)]}
    (work / "conf" / "devices" / "bench-plc.json").write_text(json.dumps(device))
    twin = work / "twin.tsv"
    procs.start(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(mqtt), "-V", "mqttv5", "-t", "mviot/bench-gw/#", "-F", "%U\t%p"],
                cpu=1, stdout=open(twin, "w"), stderr=subprocess.DEVNULL)
    gw.run()
    fp.await_port(port)
    time.sleep(args.warmup)  # warm-up: the JIT compiles the hot path after a start
    without = fp.measure(gw.p.pid, args.seconds, twin)
    without["load"] = load()
    steps = []
    for count in (1, args.viewers):
        stop = threading.Event()
        viewers = [Viewer(port, stop) for _ in range(count)]
        for v in viewers:
            v.start()
        for v in viewers:
            if not v.opened.wait(240) or v.error:
                stop.set()
                gw.stop()
                raise RuntimeError(f"a viewer did not get its stream: {v.error}")
        time.sleep(args.viewer_warmup)  # the logins' PBKDF2 and the streams' first values are past; the JIT compiles the stream path
        e0 = sum(v.events for v in viewers)
        row = fp.measure(gw.p.pid, args.seconds, twin)
        row.update(load=load(), count=count, events_s=(sum(v.events for v in viewers) - e0) / args.seconds,
                   reconnects=sum(v.reconnects for v in viewers))
        stop.set()  # the viewers end with their next read: at the next tick, 250 ms
        for v in viewers:
            v.join(10)
        row["errors"] = [str(v.error) for v in viewers if v.error]
        steps.append(row)
    gw.stop()
    return without, steps


def footprint_rows(procs, root, args):
    rows = {}
    for label, features in (("with", SIM_FEATURES + ",web-console"), ("without", SIM_FEATURES)):
        work = root / f"start-{label}"
        work.mkdir(parents=True)
        gw = fp.Gateway(procs, work, "sim", features=features)
        gw.env["MVIOT_CONSOLE_PORT"] = str(fp.free_port())
        gw.run()
        gw.stop()  # the first start writes the class-data archive (and the console's certificate)
        rss, cpu, ready = [], [], []
        for _ in range(args.starts):
            ms, _ = gw.run()
            ticks, _, _, _ = fp.proc_sample(gw.p.pid)
            time.sleep(2)  # RSS 2 s after ready, as in the README's footprint table
            _, _, _, kb = fp.proc_sample(gw.p.pid)
            ready.append(ms)
            cpu.append(1000 * ticks / fp.HZ)
            rss.append(kb / 1024)
            gw.stop()
        rows[label] = (statistics.median(rss), statistics.median(cpu), statistics.median(ready), load())
    return rows


def series(xs):
    return ", ".join(f"{x:.0f}" for x in xs)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", default="paint,viewers,footprint")
    ap.add_argument("--loads", type=int, default=5)
    ap.add_argument("--detail", action="store_true", help="print the last overview load's requests, when each ended")
    ap.add_argument("--settle", type=float, default=10)
    ap.add_argument("--viewers", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--warmup", type=float, default=60)
    ap.add_argument("--viewer-warmup", type=float, default=15)
    ap.add_argument("--starts", type=int, default=3)
    ap.add_argument("--home", help="the distribution to measure (default: edge-distro/target/mviot-edge)")
    args = ap.parse_args()
    if args.home:
        fp.HOME = Path(args.home).resolve()
    if not (fp.HOME / "bin" / "mviot-edge").exists():
        sys.exit("build first: ./mvnw -B -q install -DskipTests")
    for tool in ("mosquitto", "mosquitto_sub", "taskset", "openssl", "/usr/bin/chromium"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed (Debian: mosquitto, mosquitto-clients, util-linux, openssl, chromium)")
    if args.viewers > 32:
        sys.exit("the console allows 32 event streams and 32 sessions")
    os.sched_setaffinity(0, {1})  # this script, Chromium and the viewers off the gateway's core
    root = Path(tempfile.mkdtemp(prefix="mviot-console-bench-"))
    procs = fp.Processes()
    rows = args.rows.split(",")
    print(f"# {datetime.now().isoformat(timespec='seconds')} {os.cpu_count()} cores, {load()}; gateway on core 0, the rest on core 1",
          flush=True)
    try:
        if "paint" in rows:
            login_fcp, login_warm, fcps, shown, html, api = paint_row(procs, root, args)
            print(f"first paint ({load()}): login page cold (fresh browser) {login_fcp:.0f} ms, warm median {statistics.median(login_warm):.0f} ms; "
                  f"overview warm first-contentful-paint median {statistics.median(fcps):.0f} ms (of {len(fcps)}: {series(fcps)}), "
                  f"its data on screen median {statistics.median(shown):.0f} ms ({series(shown)}); index.html received at median "
                  f"{statistics.median(html):.0f} ms, slower of /overview and /devices median {statistics.median(api):.0f} ms", flush=True)
        if "viewers" in rows:
            w0, steps = viewers_row(procs, root, args)
            print(f"live viewers at {w0['changes_s']:.0f} changes/s: 0 streams {w0['cpu_pct']:.2f} % of a core, {w0['wakeups_s']:.0f} wake-ups/s "
                  f"({w0['load']})", flush=True)
            for w in steps:
                print(f"  {w['count']} streams {w['cpu_pct']:.2f} % ({w['load']}): {w['cpu_pct'] - w0['cpu_pct']:+.2f} % of a core; "
                      f"{w['events_s']:.0f} events/s received ({w['events_s'] / w['count']:.0f} per stream), {w['reconnects']} reconnects, "
                      f"{w['wakeups_s']:.0f} wake-ups/s, threads {w0['threads']} -> {w['threads']}, RSS {w0['rss_mb']:.0f} -> {w['rss_mb']:.0f} MB"
                      + (f"; errors: {w['errors']}" if w["errors"] else ""), flush=True)
        if "footprint" in rows:
            r = footprint_rows(procs, root, args)
            (rw, cw, mw, lw), (ro, co, mo, lo) = r["with"], r["without"]
            print(f"footprint, sim, median of {args.starts}: RSS 2 s after ready {rw:.1f} MB with the console ({lw}), {ro:.1f} MB without "
                  f"({lo}): {rw - ro:+.1f} MB; CPU start -> ready {cw:.0f} ms with, {co:.0f} ms without: {cw - co:+.0f} ms; "
                  f"ready in {mw:.0f} / {mo:.0f} ms", flush=True)
    finally:
        procs.close()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
