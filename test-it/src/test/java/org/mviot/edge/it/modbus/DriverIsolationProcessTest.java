package org.mviot.edge.it.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.it.support.GatewayProcess.distroHome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.cloud.MosquittoBroker;
import org.mviot.edge.it.cloud.MqttRecorder;
import org.mviot.edge.it.modbus.Gateway.DeviceRow;
import org.mviot.edge.it.support.GatewayProcess;
import org.mviot.edge.testsupport.Started;
import org.mviot.edge.testsupport.Await;
import org.mviot.edge.testsupport.FreePorts;
import org.mviot.edge.testsupport.PtyPair;

/**
 * Hot deploy is isolated: while a Modbus TCP device (a pymodbus server) is polled every 100 ms and its
 * twin updates go to a real Mosquitto, the serial transport and the serial driver are updated, then
 * uninstalled and installed again through the gateway's shell. The Modbus driver binds the serial
 * port service dynamically, so none of this may touch the TCP device: it never leaves {@code online}
 * and no poll goes missing. Nor does the serial driver, which binds it dynamically as well, leave while
 * transport-serial is updated. A Modbus RTU device (pymodbus on a socat pair) does depend on the serial
 * transport: it is offline naming transport-serial while that is uninstalled and reads again once it is back.
 *
 * <p>How "its values keep arriving without a gap longer than two poll periods" is checked: on the
 * gateway's own clock, not the test's. Each twin update carries the time of its newest sample (Ditto
 * header {@code timestamp}); a driver restart would cost at least the core's one-second reopen backoff,
 * ten polls. Consecutive updates may be up to two polls apart even when none is missing, because the
 * core merges the changes of one thing within its 100 ms merge window. So each gap is counted in whole
 * poll periods (rounded: the gateway's tick jitters by a few milliseconds) and the test fails when a gap
 * spans three periods or more, i.e. at least one poll produced no sample at all. The deadlines are the
 * shared 30/60 s awaits; nothing here asserts on how fast anything happened.
 */
public class DriverIsolationProcessTest {

    private static final String GATEWAY = "iso-gw";
    private static final String THING = "org.mviot.edge:plc1";
    private static final long POLL_MILLIS = 100;
    private static final String TRANSPORT = "org.mviot.edge.transport.serial";
    private static final String SERIAL_DRIVER = "org.mviot.edge.driver.serial";
    /** A row of {@code lb -s}: id, state, level, symbolic name. */
    private static final Pattern BUNDLE = Pattern.compile("\\s*(\\d+)\\|(\\w+)\\s*\\|\\s*\\d+\\|(\\S+) .*");
    private static final JsonPointer STATE = JsonPointer.of("/features/deviceStatus/properties/state");
    private static final JsonPointer IR0 = JsonPointer.of("/features/ir0/properties/value");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Everything started, ended in reverse order by its own PID; their output goes to surefire's report. */
    private final Started started = new Started(c -> c instanceof Gateway g ? "=== gateway " + g.work() + "\n" + g.output() : null);

    private <T extends AutoCloseable> T started(T c) {
        return started.add(c);
    }

    @After
    public void stop() {
        started.close();
    }

    @Test
    public void updatingRemovingAndReinstallingTheSerialBundlesNeverInterruptsAModbusTcpDevice() throws Exception {
        MosquittoBroker broker = started(MosquittoBroker.start(tmp.newFolder("mosquitto").toPath()));
        int port = FreePorts.tcp();
        started(ModbusPeers.python("pymodbus_server.py", "tcp", Integer.toString(port))).awaitListening(port);
        // and a Modbus RTU device on a socat pair: it depends on transport-serial, so it must go and come back with it
        PtyPair bus = started(PtyPair.start(tmp.getRoot().toPath().resolve("rs485")));
        started(ModbusPeers.python("pymodbus_server.py", "rtu", bus.b().toString())).awaitLine("serving rtu .*");
        Path work = tmp.newFolder("gw").toPath();
        Gateway.device(work, "rtu1.json", """
                {"id": "rtu1", "driver": "modbus", "description": "pymodbus over RTU",
                 "connection": {"transport": "rtu", "serialPort": "%s", "baud": 19200, "unit": 1, "timeout": "300ms", "retries": 1},
                 "channels": [{"name": "ir0", "type": "integer", "poll": "200ms", "address": {"table": "input", "register": 0}}]}
                """.formatted(bus.a()));
        Gateway.device(work, "plc1.json", """
                {"id": "plc1", "driver": "modbus", "description": "pymodbus over TCP, polled every 100 ms",
                 "connection": {"host": "127.0.0.1", "port": %d, "unit": 1, "timeout": "500ms"},
                 "channels": [{"name": "ir0", "type": "integer", "poll": "%dms", "address": {"table": "input", "register": 0}}]}
                """.formatted(port, POLL_MILLIS));
        // generic-linux starts driver-serial and driver-modbus, and with them transport-serial (both features require it)
        GatewayProcess provision = GatewayProcess.exec(distroHome(), work, "provision", "--id", GATEWAY, "--broker", broker.uri(),
                "--profile", "generic-linux");
        assertThat(provision.awaitExit()).as(provision.output()).isZero();
        MqttRecorder cloud = started(new MqttRecorder(broker.uri(), "cloud-" + GATEWAY, "mviot/" + GATEWAY + "/#"));
        Gateway gw = started(Gateway.run(distroHome(), work));

        DeviceRow before = gw.awaitDevice("plc1", r -> r.state().equals("online"), "online");
        gw.awaitChannels("rtu1", Gateway.allGood("ir0"), "a value over RTU");
        cloud.await("10 value updates of " + THING, r -> values(r, 0, THING).size() >= 10);
        java.util.Map<String, String> states = bundles(gw);
        assertThat(states).as("bundles before").containsEntry(TRANSPORT, "Active").containsEntry(SERIAL_DRIVER, "Active");
        long transportId = bundleId(gw, TRANSPORT);
        long driverId = bundleId(gw, SERIAL_DRIVER);
        int from = cloud.received().size();
        // from here on the test waits on the gateway's log and on Mosquitto, not by polling the shell: every shell
        // command starts a JVM, and the measurement below is of the gateway's own acquisition

        // update both, the way an operator would: mviot-edge shell "update <id>"
        int mark = gw.log().size();
        gw.shell("update", Long.toString(transportId));
        awaitLog(gw, mark, "modbus RTU available");
        // the serial driver binds the transport dynamically too: it takes the new service and is never removed
        awaitLog(gw, mark, "serial devices available");
        List<String> duringUpdate = List.copyOf(gw.log().subList(mark, gw.log().size()));
        assertThat(duringUpdate).as("log while transport-serial was updated").noneMatch(l -> l.contains("driver serial removed"));
        mark = gw.log().size();
        gw.shell("update", Long.toString(driverId));
        awaitLog(gw, mark, "driver serial installed");
        int afterUpdates = cloud.received().size();
        cloud.await("value updates after the updates", r -> values(r, afterUpdates, THING).size() >= 5);

        // uninstall both: the RTU device goes offline naming transport-serial
        mark = gw.log().size();
        gw.shell("uninstall", Long.toString(driverId));
        awaitLog(gw, mark, "driver serial removed");
        mark = gw.log().size();
        gw.shell("uninstall", Long.toString(transportId));
        awaitLog(gw, mark, "modbus RTU unavailable");
        String rtuAway = awaitLog(gw, mark, "device rtu1 is offline");
        assertThat(rtuAway).endsWith("device rtu1 is offline: device 'rtu1': Modbus RTU needs the serial port service of bundle "
                + "org.mviot.edge.transport.serial (feature transport-serial), which is not installed or not started");
        int whileGone = cloud.received().size();
        cloud.await("value updates while the serial bundles are gone", r -> values(r, whileGone, THING).size() >= 5);

        // and install them again from the distribution's system/
        int reinstalled = gw.log().size();
        int rtuFrom = cloud.received().size();
        for (String bundle : List.of(TRANSPORT, SERIAL_DRIVER)) {
            mark = gw.log().size();
            String installed = gw.shell("install", systemJar(bundle).toUri().toString());
            Matcher id = Pattern.compile("Bundle ID: (\\d+)").matcher(installed);
            assertThat(id.find()).as("install of %s printed %s", bundle, installed).isTrue();
            gw.shell("start", id.group(1));
            awaitLog(gw, mark, bundle.equals(TRANSPORT) ? "modbus RTU available" : "driver serial installed");
        }
        awaitLog(gw, reinstalled, "device rtu1 is online");
        cloud.await("values of rtu1 over RTU again", r -> values(r, rtuFrom, "org.mviot.edge:rtu1").size() >= 2);
        int afterReinstall = cloud.received().size();
        List<MqttRecorder.Received> all = cloud.await("value updates after the reinstall", r -> values(r, afterReinstall, THING).size() >= 5);
        assertThat(bundles(gw)).as("bundles after").containsEntry(TRANSPORT, "Active").containsEntry(SERIAL_DRIVER, "Active");
        assertThat(gw.shell("mviot:devices")).contains("drivers installed: [modbus, serial]");

        // the device never left online: no status change went up, and the core still has the state it had before
        List<String> reported = new ArrayList<>();
        for (int i = from; i < all.size(); i++) {
            if (isTwinOf(all.get(i), THING)) {
                valueAt(envelope(all.get(i)), STATE).map(JsonValue::asString).ifPresent(reported::add);
            }
        }
        assertThat(reported).as("deviceStatus states of %s reported while the serial bundles came and went", THING)
                .allMatch("online"::equals);
        DeviceRow after = Gateway.deviceRow(gw.shell("mviot:devices"), "plc1").orElseThrow();
        assertThat(after.state()).isEqualTo("online");
        assertThat(after.since()).as("online since the same instant as before: never closed or reopened").isEqualTo(before.since());

        // and no poll went missing: gaps between the samples' own timestamps, in whole poll periods
        List<Sample> samples = values(all, from, THING);
        assertThat(samples).as("every update carries the register's value").allMatch(s -> s.ir0() == 11L);
        Sample worst = null;
        long worstGap = -1;
        for (int i = 1; i < samples.size(); i++) {
            long gap = Duration.between(samples.get(i - 1).at(), samples.get(i).at()).toMillis();
            if (gap > worstGap) {
                worstGap = gap;
                worst = samples.get(i);
            }
        }
        long periods = Math.round((double) worstGap / POLL_MILLIS);
        System.out.printf("%d samples of %s from %s to %s; longest gap %d ms (%d poll periods)%n", samples.size(), THING,
                samples.get(0).at(), samples.get(samples.size() - 1).at(), worstGap, periods);
        assertThat(periods).as("the longest gap between samples, %d ms before the sample of %s, in poll periods of %d ms"
                + " (3 or more: at least one poll gave no sample) over %d samples from %s to %s", worstGap, worst == null ? "-" : worst.at(),
                POLL_MILLIS, samples.size(), samples.get(0).at(), samples.get(samples.size() - 1).at()).isLessThanOrEqualTo(2);

        assertThat(gw.log()).as("no errors logged").noneMatch(line -> line.contains(" ERROR "));
        assertThat(gw.terminate()).as("exit code after SIGTERM\n%s", gw.tail(40)).isZero();
    }

    /** One twin update of the device that carries its register value. */
    private record Sample(Instant at, long ir0) {
    }

    /** @return the value updates of a thing from message {@code from} on, in arrival order */
    private static List<Sample> values(List<MqttRecorder.Received> received, int from, String thing) {
        List<Sample> out = new ArrayList<>();
        for (int i = from; i < received.size(); i++) {
            if (!isTwinOf(received.get(i), thing)) {
                continue;
            }
            JsonObject e = envelope(received.get(i));
            Optional<JsonValue> v = valueAt(e, IR0);
            Optional<String> ts = e.getValue("headers/timestamp").map(JsonValue::asString);
            if (v.isPresent() && v.get().isNumber() && ts.isPresent()) {
                out.add(new Sample(Instant.parse(ts.get()), v.get().asLong()));
            }
        }
        return out;
    }

    private static boolean isTwinOf(MqttRecorder.Received m, String thing) {
        return m.topic().equals("mviot/" + GATEWAY + "/twin/" + thing);
    }

    /**
     * Waits for a log line written after the first {@code mark} lines.
     *
     * @return the line
     */
    private static String awaitLog(Gateway gw, int mark, String contains) {
        String[] found = {null};
        Await.until("a log line with '" + contains + "'", () -> {
            List<String> log = gw.log();
            for (int i = mark; i < log.size(); i++) {
                if (log.get(i).contains(contains)) {
                    found[0] = log.get(i);
                    return true;
                }
            }
            return false;
        }, () -> "--- gateway log (tail)\n" + gw.tail(40));
        return found[0];
    }

    private static JsonObject envelope(MqttRecorder.Received m) {
        return JsonFactory.newObject(m.payload());
    }

    /** @return the value a Ditto merge envelope sets at {@code target}, wherever its {@code path} points on the way */
    private static Optional<JsonValue> valueAt(JsonObject envelope, JsonPointer target) {
        JsonPointer path = JsonPointer.of(envelope.getValue("path").map(JsonValue::asString).orElse("/"));
        JsonValue value = envelope.getValue("value").orElse(JsonFactory.nullLiteral());
        if (path.getLevelCount() > target.getLevelCount()) {
            return Optional.empty();
        }
        for (int i = 0; i < path.getLevelCount(); i++) {
            if (!path.get(i).equals(target.get(i))) {
                return Optional.empty();
            }
        }
        if (path.getLevelCount() == target.getLevelCount()) {
            return Optional.of(value);
        }
        JsonPointer rest = target.getSubPointer(path.getLevelCount()).orElseThrow();
        return value.isObject() ? value.asObject().getValue(rest) : Optional.empty();
    }

    /** @return symbolic name → state of every bundle, from {@code lb -s} */
    private static java.util.Map<String, String> bundles(Gateway gw) throws Exception {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String line : gw.shell("lb", "-s").split("\n")) {
            Matcher m = BUNDLE.matcher(line);
            if (m.matches()) {
                out.put(m.group(3), m.group(2));
            }
        }
        return out;
    }

    private static long bundleId(Gateway gw, String symbolicName) throws Exception {
        return gw.shell("lb", "-s").lines().map(BUNDLE::matcher).filter(Matcher::matches).filter(m -> m.group(3).equals(symbolicName))
                .map(m -> Long.parseLong(m.group(1))).findFirst()
                .orElseThrow(() -> new AssertionError("bundle " + symbolicName + " is not installed"));
    }

    /** @return the bundle's jar in the distribution's system/ directory */
    private static Path systemJar(String symbolicName) throws Exception {
        try (var s = Files.list(distroHome().resolve("system"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(symbolicName + "-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + symbolicName + " jar in " + distroHome().resolve("system")));
        }
    }
}
