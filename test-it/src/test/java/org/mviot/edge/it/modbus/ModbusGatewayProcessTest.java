package org.mviot.edge.it.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.it.modbus.Gateway.allGood;
import static org.mviot.edge.it.support.GatewayProcess.distroHome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.modbus.Gateway.ChannelRow;
import org.mviot.edge.it.modbus.Gateway.DeviceRow;
import org.mviot.edge.testsupport.Started;
import org.mviot.edge.testsupport.FreePorts;
import org.mviot.edge.testsupport.PeerProcess;
import org.mviot.edge.testsupport.PtyPair;

/**
 * The built distribution run as a process against peers nobody here wrote: a pymodbus Modbus TCP
 * server on a free loopback port, a pymodbus Modbus RTU server on a socat pseudo-terminal pair, and a
 * text-line instrument writing into another pair. Devices are JSON files in {@code conf/devices};
 * everything is checked the way an operator would: {@code mviot-edge shell mviot:devices / channels /
 * twins / write}, the log, and on the peers' side (what the servers say they were written, and mbpoll
 * as a second Modbus master).
 *
 * <p>Every process a test starts (peers, socat, the gateway) is ended by its PID in {@link #stop()}.
 */
public class ModbusGatewayProcessTest {

    private static final String[] ORDERS = {"ABCD", "CDAB", "BADC", "DCBA"};

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Everything started, ended in reverse order by its own PID; their output goes to surefire's report. */
    private final Started started = new Started(c -> c instanceof Gateway g ? "=== gateway " + g.work() + "\n" + g.output()
            : c instanceof PeerProcess p ? "=== peer " + p + "\n" + p.output() : null);

    private <T extends AutoCloseable> T started(T c) {
        return started.add(c);
    }

    @After
    public void stop() {
        started.close();
    }

    // --- 1. TCP, RTU and serial line devices: values and commands

    @Test
    public void tcpRtuAndSerialLineDevicesInConfDevicesShowUpWithCorrectValuesAndCommandsReachThePeers() throws Exception {
        Path work = tmp.newFolder("gw").toPath();
        int port = FreePorts.tcp();
        PeerProcess tcp = started(ModbusPeers.python("pymodbus_server.py", "tcp", Integer.toString(port))).awaitListening(port);
        PtyPair bus = started(PtyPair.start(tmp.getRoot().toPath().resolve("rs485")));
        PeerProcess rtu = started(ModbusPeers.python("pymodbus_server.py", "rtu", bus.b().toString()));
        rtu.awaitLine("serving rtu .*");
        PtyPair cable = started(PtyPair.start(tmp.getRoot().toPath().resolve("rs232")));
        PeerProcess instrument = started(ModbusPeers.python("line_instrument.py", cable.b().toString()));
        instrument.awaitLine("writing to .*");

        List<String> plc = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            String o = ORDERS[k];
            int base = 100 * k;
            plc.add(channel("int16_" + o, "integer", "read", "holding", base, "int16", o));
            plc.add(channel("uint16_" + o, "integer", "read", "holding", base + 1, "uint16", o));
            plc.add(channel("int32_" + o, "integer", "read", "holding", base + 2, "int32", o));
            plc.add(channel("uint32_" + o, "integer", "read", "holding", base + 4, "uint32", o));
            plc.add(channel("float32_" + o, "double", "read", "holding", base + 10, "float32", o));
            plc.add(channel("float64_" + o, "double", "read", "holding", base + 12, "float64", o));
        }
        plc.add("""
                {"name": "label", "type": "string", "poll": "200ms",
                 "address": {"table": "holding", "register": 20, "type": "string", "count": 4}}""");
        plc.add(channel("coil0", "boolean", "read", "coil", 0, null, null));
        plc.add(channel("coil1", "boolean", "read", "coil", 1, null, null));
        plc.add(channel("di0", "boolean", "read", "discrete", 0, null, null));
        plc.add(channel("di1", "boolean", "read", "discrete", 1, null, null));
        plc.add(channel("ir2", "integer", "read", "input", 2, null, null));
        plc.add(channel("sp", "integer", "read_write", "holding", 602, "int32", "CDAB"));
        plc.add(channel("gain", "double", "read_write", "holding", 620, "float32", "ABCD"));
        plc.add(channel("valve", "boolean", "read_write", "coil", 50, null, null));
        Gateway.device(work, "plc1.json", modbusTcp("plc1", port, 1, plc));
        Gateway.device(work, "plc2.json", modbusTcp("plc2", port, 2, List.of(channel("ir0", "integer", "read", "input", 0, null, null))));

        List<String> rtuChannels = List.of(channel("ir0", "integer", "read", "input", 0, null, null),
                channel("f32", "double", "read", "holding", 110, "float32", "CDAB"),
                channel("i32", "integer", "read", "holding", 202, "int32", "BADC"),
                channel("coil0", "boolean", "read", "coil", 0, null, null),
                channel("di1", "boolean", "read", "discrete", 1, null, null),
                channel("sp", "integer", "read_write", "holding", 600, "int32", "ABCD"));
        Gateway.device(work, "rtu1.json", modbusRtu("rtu1", bus.a(), 1, rtuChannels));
        Gateway.device(work, "rtu2.json", modbusRtu("rtu2", bus.a(), 2, List.of(channel("ir0", "integer", "read", "input", 0, null, null),
                channel("sp", "integer", "read_write", "holding", 600, "int32", "ABCD"))));
        Gateway.device(work, "line1.json", lineInstrument("line1", cable.a()));

        Gateway gw = started(Gateway.run(distroHome(), work, "--profile", "generic-linux"));

        for (String d : List.of("plc1", "plc2", "rtu1", "rtu2", "line1")) {
            gw.awaitDevice(d, r -> r.state().equals("online"), "online");
        }

        // Modbus TCP: every type in every word order, as pymodbus laid them out; string, coils, discrete and input registers
        List<String> plcNames = plc.stream().map(ModbusGatewayProcessTest::nameOf).toList();
        Map<String, ChannelRow> v = gw.awaitChannels("plc1", allGood(plcNames.toArray(String[]::new)), "all channels good");
        for (String o : ORDERS) {
            assertThat(v.get("int16_" + o).asLong()).as("int16 " + o).isEqualTo(-12345L);
            assertThat(v.get("uint16_" + o).asLong()).as("uint16 " + o).isEqualTo(54321L);
            assertThat(v.get("int32_" + o).asLong()).as("int32 " + o).isEqualTo(-123456789L);
            assertThat(v.get("uint32_" + o).asLong()).as("uint32 " + o).isEqualTo(4000000000L);
            assertThat(v.get("float32_" + o).asDouble()).as("float32 " + o).isEqualTo(3.25);
            assertThat(v.get("float64_" + o).asDouble()).as("float64 " + o).isEqualTo(-1.5e10);
        }
        assertThat(v.get("label").value()).isEqualTo("pump-7");
        assertThat(v).extractingByKeys("coil0", "coil1", "di0", "di1").extracting(ChannelRow::value)
                .containsExactly("true", "false", "false", "true");
        assertThat(v.get("ir2").asLong()).isEqualTo(33L);
        assertThat(v.get("sp").asLong()).isZero();
        assertThat(v.get("valve").value()).isEqualTo("false");
        assertThat(gw.awaitChannels("plc2", allGood("ir0"), "ir0 good").get("ir0").asLong()).as("unit 2 over the same connection").isEqualTo(211L);

        // Modbus RTU: two unit ids on one bus
        Map<String, ChannelRow> r1 = gw.awaitChannels("rtu1", allGood("ir0", "f32", "i32", "coil0", "di1", "sp"), "all channels good");
        assertThat(r1.get("ir0").asLong()).isEqualTo(11L);
        assertThat(r1.get("f32").asDouble()).isEqualTo(3.25);
        assertThat(r1.get("i32").asLong()).isEqualTo(-123456789L);
        assertThat(r1).extractingByKeys("coil0", "di1").extracting(ChannelRow::value).containsExactly("true", "true");
        Map<String, ChannelRow> r2 = gw.awaitChannels("rtu2", allGood("ir0", "sp"), "all channels good");
        assertThat(r2.get("ir0").asLong()).isEqualTo(211L);

        // serial line: lines become samples, and keep coming
        Map<String, ChannelRow> l = gw.awaitChannels("line1", allGood("temp", "count", "setpoint"), "all channels good");
        assertThat(l.get("temp").asDouble()).isEqualTo(21.5);
        assertThat(l.get("setpoint").asLong()).isZero();
        long count = l.get("count").asLong();
        gw.awaitChannels("line1", rows -> rows.get("count").good() && rows.get("count").asLong() > count, "count growing past " + count);
        // garbage lines are counted and logged, never a crash
        assertThat(gw.awaitLog("device line1: 1 unreadable line so far")).contains("control byte");

        // the twins
        String twins = gw.awaitShell("five device twins, five online, both drivers", o -> o.matches("(?s).*\\n  devices/online\\s+5\\n.*")
                && o.matches("(?s).*\\n  drivers/installed\\s+modbus,serial\\n.*"), "mviot:twins");
        for (String d : List.of("plc1", "plc2", "rtu1", "rtu2", "line1")) {
            assertThat(twins.lines()).as(twins).anyMatch(t -> t.matches("org\\.mviot\\.edge:" + d + "  \\(device " + d + ", online\\)"));
        }

        // commands: TCP holding register (int32 CDAB), float32, coil
        assertThat(gw.shell("mviot:write", "plc1", "sp", "-70000")).startsWith("written: plc1 sp = ");
        tcp.awaitLine("write unit=1 table=hr address=602 values=61072,65534"); // -70000 = 0xFFFEEE90, words swapped
        assertThat(gw.shell("mviot:write", "plc1", "gain", "21.75")).startsWith("written: plc1 gain = ");
        tcp.awaitLine("write unit=1 table=hr address=620 values=16814,0"); // 21.75f = 0x41AE0000
        assertThat(gw.shell("mviot:write", "plc1", "valve", "true")).startsWith("written: plc1 valve = true");
        tcp.awaitLine("write unit=1 table=co address=50 values=1");
        v = gw.awaitChannels("plc1", rows -> rows.get("sp").good() && rows.get("sp").value().equals("-70000")
                && rows.get("gain").value().equals("21.75") && rows.get("valve").value().equals("true"), "the written values read back");
        assertThat(v.get("int16_ABCD").asLong()).isEqualTo(-12345L);
        if (Files.isExecutable(Path.of("/usr/bin/mbpoll"))) {
            // a second, independent Modbus master (libmodbus) reads what the server now holds
            PeerProcess mbpoll = started(PeerProcess.start("mbpoll", List.of("/usr/bin/mbpoll", "-m", "tcp", "-a", "1", "-0",
                    "-r", "602", "-t", "4", "-c", "2", "-1", "-p", Integer.toString(port), "127.0.0.1")));
            mbpoll.awaitLine("\\[602\\]:\\s+61072.*");
            mbpoll.awaitLine("\\[603\\]:\\s+65534.*");
        }

        // commands: RTU unit 1 only, not unit 2 on the same bus
        assertThat(gw.shell("mviot:write", "rtu1", "sp", "123456")).startsWith("written: rtu1 sp = ");
        rtu.awaitLine("write unit=1 table=hr address=600 values=1,57920"); // 123456 = 0x0001E240
        gw.awaitChannels("rtu1", rows -> rows.get("sp").good() && rows.get("sp").value().equals("123456"), "sp read back as 123456");
        assertThat(rtu.output()).doesNotContain("write unit=2");
        Instant afterWrite = Instant.now();
        assertThat(gw.awaitChannels("rtu2", rows -> rows.get("sp").good() && rows.get("sp").at().isAfter(afterWrite), "a fresh read of sp")
                .get("sp").asLong()).as("unit 2's register is untouched").isZero();

        // commands: the serial line instrument receives the text and reports the new setpoint
        assertThat(gw.shell("mviot:write", "line1", "setpoint", "7")).startsWith("written: line1 setpoint = ");
        instrument.awaitLine("received SET 7");
        gw.awaitChannels("line1", rows -> rows.get("setpoint").good() && rows.get("setpoint").value().equals("7"), "setpoint 7 reported");

        assertThat(gw.alive()).isTrue();
        assertThat(gw.terminate()).as("exit code after SIGTERM\n%s", gw.tail(40)).isZero();
        assertThat(gw.log()).as("no errors logged").noneMatch(line -> line.contains(" ERROR "));
    }

    /**
     * A 64-bit register value must reach the operator with all its digits: int64 is a declared channel
     * type, and -1234567890123456789 is not representable as a double.
     */
    @Test
    public void int64RegistersKeepAll64BitsInEveryWordOrder() throws Exception {
        Path work = tmp.newFolder("gw").toPath();
        int port = FreePorts.tcp();
        started(ModbusPeers.python("pymodbus_server.py", "tcp", Integer.toString(port))).awaitListening(port);
        List<String> channels = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            channels.add(channel("int64_" + ORDERS[k], "integer", "read", "holding", 100 * k + 6, "int64", ORDERS[k]));
        }
        Gateway.device(work, "plc64.json", modbusTcp("plc64", port, 1, channels));
        Gateway gw = started(Gateway.run(distroHome(), work, "--profile", "generic-linux"));

        Map<String, ChannelRow> v = gw.awaitChannels("plc64", allGood("int64_ABCD", "int64_CDAB", "int64_BADC", "int64_DCBA"), "all good");
        assertThat(v.values().stream().collect(Collectors.toMap(ChannelRow::channel, ChannelRow::value))).as("mviot:channels plc64")
                .containsOnly(Map.entry("int64_ABCD", "-1234567890123456789"), Map.entry("int64_CDAB", "-1234567890123456789"),
                        Map.entry("int64_BADC", "-1234567890123456789"), Map.entry("int64_DCBA", "-1234567890123456789"));
    }

    // --- 2. hot deploy into a sim-profile gateway

    @Test
    public void modbusDriverDroppedIntoDeployBringsItsDeviceUpAndRemovedTakesItOfflineWhileSimDevicesKeepFlowing() throws Exception {
        Path work = tmp.newFolder("gw").toPath();
        int port = FreePorts.tcp();
        started(ModbusPeers.python("pymodbus_server.py", "tcp", Integer.toString(port))).awaitListening(port);
        Gateway.device(work, "plc1.json", modbusTcp("plc1", port, 1, List.of(channel("f32", "double", "read", "holding", 110, "float32", "CDAB"),
                channel("ir0", "integer", "read", "input", 0, null, null))));
        Gateway.device(work, "tick.json", """
                {"id": "tick", "driver": "sim", "channels": [
                  {"name": "n", "type": "integer", "poll": "100ms", "address": {"signal": "counter"}}
                ]}""");
        Gateway gw = started(Gateway.run(distroHome(), work, "--profile", "sim"));

        DeviceRow waiting = gw.awaitDevice("plc1", r -> r.state().equals("offline"), "offline");
        assertThat(waiting.reason()).isEqualTo("driver 'modbus' not installed");
        DeviceRow tickRow = gw.awaitDevice("tick", r -> r.state().equals("online"), "online");
        DeviceRow boilerRow = gw.awaitDevice("sim-boiler", r -> r.state().equals("online"), "online");
        assertThat(gw.shell("mviot:devices")).contains("drivers installed: [gpio, sim]").containsPattern("sim-pump\\s+sim\\s+online");
        long beforeInstall = tick(gw, -1);

        // drop the driver bundles from the distribution's system/ into deploy/ (atomically: FileInstall never sees half a jar)
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        for (String bundle : List.of("org.mviot.edge.transport.serial-", "org.mviot.edge.driver.serial-", "org.mviot.edge.driver.modbus-")) {
            Path jar;
            try (var s = Files.list(distroHome().resolve("system"))) {
                jar = s.filter(p -> p.getFileName().toString().startsWith(bundle)).findFirst().orElseThrow();
            }
            Path part = deploy.resolve("." + jar.getFileName() + ".part");
            Files.copy(jar, part);
            Files.move(part, deploy.resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        gw.awaitDevice("plc1", r -> r.state().equals("online"), "online after the driver was dropped into deploy/");
        Map<String, ChannelRow> v = gw.awaitChannels("plc1", allGood("f32", "ir0"), "values");
        assertThat(v.get("f32").asDouble()).isEqualTo(3.25);
        assertThat(v.get("ir0").asLong()).isEqualTo(11L);
        assertThat(gw.shell("mviot:devices")).contains("drivers installed: [gpio, modbus, serial, sim]");
        long afterInstall = tick(gw, beforeInstall);
        assertThat(gw.cli("features")).containsPattern("driver-modbus\\s+installed \\(deploy/\\)");
        assertSimDevicesUninterrupted(gw, tickRow, boilerRow);

        // remove it the way an operator would
        assertThat(gw.cli("uninstall", "driver-modbus")).contains("feature driver-modbus: 1 bundle(s) removed");
        DeviceRow gone = gw.awaitDevice("plc1", r -> r.state().equals("offline") && r.reason().contains("not installed"),
                "offline, driver not installed");
        assertThat(gone.reason()).isEqualTo("driver 'modbus' not installed");
        String devices = gw.shell("mviot:devices");
        assertThat(devices).contains("drivers installed: [gpio, serial, sim]");
        assertThat(Gateway.deviceRow(devices, "tick").orElseThrow().state()).isEqualTo("online");
        // the sim devices go on producing values
        tick(gw, afterInstall);
        long afterRemoval = tick(gw, -1);
        tick(gw, afterRemoval);
        assertSimDevicesUninterrupted(gw, tickRow, boilerRow);

        // and back again, through the installer this time
        assertThat(gw.cli("install", "driver-modbus")).contains("feature driver-modbus: 2 file(s) placed");
        gw.awaitDevice("plc1", r -> r.state().equals("online"), "online after 'mviot-edge install driver-modbus'");
        Instant reinstalled = Instant.now();
        assertThat(gw.awaitChannels("plc1", rows -> allGood("f32", "ir0").test(rows) && rows.get("f32").at().isAfter(reinstalled),
                "fresh values").get("f32").asDouble()).isEqualTo(3.25);
        tick(gw, tick(gw, -1));
        assertSimDevicesUninterrupted(gw, tickRow, boilerRow);

        assertThat(gw.terminate()).as("exit code after SIGTERM\n%s", gw.tail(40)).isZero();
        assertThat(gw.log()).as("no driver errors logged").noneMatch(line -> line.contains(" ERROR ")
                && (line.contains("modbus") || line.contains("serial") || line.contains("core")));
    }

    /** The sim devices were never closed or reopened: online since the same instant as before. */
    private static void assertSimDevicesUninterrupted(Gateway gw, DeviceRow... before) throws Exception {
        String devices = gw.shell("mviot:devices");
        for (DeviceRow b : before) {
            assertThat(Gateway.deviceRow(devices, b.device())).as(devices).hasValueSatisfying(now -> {
                assertThat(now.state()).isEqualTo("online");
                assertThat(now.since()).isEqualTo(b.since());
            });
        }
    }

    /** @return the sim counter's value once it is past {@code after} */
    private static long tick(Gateway gw, long after) {
        return gw.awaitChannels("tick", rows -> rows.containsKey("n") && rows.get("n").good() && rows.get("n").asLong() > after,
                "counter past " + after).get("n").asLong();
    }

    // --- 3. peers killed and restarted

    @Test
    public void peersKilledAndRestartedAreReconnectedWithoutRestartingTheGateway() throws Exception {
        Path work = tmp.newFolder("gw").toPath();
        int port = FreePorts.tcp();
        PeerProcess tcp = started(ModbusPeers.python("pymodbus_server.py", "tcp", Integer.toString(port))).awaitListening(port);
        PtyPair bus = started(PtyPair.start(tmp.getRoot().toPath().resolve("rs485")));
        PeerProcess rtu = started(ModbusPeers.python("pymodbus_server.py", "rtu", bus.b().toString()));
        Path rs232 = tmp.getRoot().toPath().resolve("rs232");
        PtyPair cable = started(PtyPair.start(rs232));
        PeerProcess instrument = started(ModbusPeers.python("line_instrument.py", cable.b().toString()));
        List<String> channels = List.of(channel("ir0", "integer", "read", "input", 0, null, null),
                channel("sp", "integer", "read_write", "holding", 600, "int32", "ABCD"));
        Gateway.device(work, "plc1.json", modbusTcp("plc1", port, 1, channels));
        Gateway.device(work, "rtu1.json", modbusRtu("rtu1", bus.a(), 1, channels));
        Gateway.device(work, "line1.json", lineInstrument("line1", cable.a()));
        Gateway gw = started(Gateway.run(distroHome(), work, "--profile", "generic-linux"));
        gw.awaitChannels("line1", allGood("temp", "count"), "values");

        for (String d : List.of("plc1", "rtu1")) {
            gw.awaitChannels(d, allGood("ir0", "sp"), "values");
            // a value only this run of the peer holds: the restarted peer starts from its initial data again
            assertThat(gw.shell("mviot:write", d, "sp", "4242")).startsWith("written: " + d + " sp = ");
            gw.awaitChannels(d, rows -> rows.get("sp").good() && rows.get("sp").value().equals("4242"), "sp 4242");
        }
        tcp.awaitLine("write unit=1 table=hr address=600 values=0,4242");
        rtu.awaitLine("write unit=1 table=hr address=600 values=0,4242");

        tcp.close();
        rtu.close();
        // the serial line's instrument and its cable go away (a USB adapter pulled out)
        instrument.close();
        cable.close();
        DeviceRow plcDown = gw.awaitDevice("plc1", r -> !r.state().equals("online"), "degraded or offline");
        DeviceRow rtuDown = gw.awaitDevice("rtu1", r -> !r.state().equals("online"), "degraded or offline");
        assertThat(plcDown.state()).isIn("degraded", "offline");
        assertThat(plcDown.reason()).contains("127.0.0.1:" + port);
        assertThat(rtuDown.state()).isIn("degraded", "offline");
        assertThat(rtuDown.reason()).contains(bus.a().toString());
        gw.awaitDevice("plc1", r -> r.state().equals("offline"), "offline once the connection is given up");
        DeviceRow lineDown = gw.awaitDevice("line1", r -> !r.state().equals("online"), "offline");
        assertThat(lineDown.reason()).contains(cable.a().toString());

        Instant restarted = Instant.now();
        started(ModbusPeers.python("pymodbus_server.py", "tcp", Integer.toString(port))).awaitListening(port);
        started(ModbusPeers.python("pymodbus_server.py", "rtu", bus.b().toString()));
        PtyPair cableAgain = started(PtyPair.start(rs232));
        started(ModbusPeers.python("line_instrument.py", cableAgain.b().toString())).awaitLine("writing to .*");
        gw.awaitDevice("line1", r -> r.state().equals("online"), "online again");
        gw.awaitChannels("line1", rows -> allGood("temp", "count").test(rows) && rows.get("count").at().isAfter(restarted),
                "lines from the instrument plugged in again");
        for (String d : List.of("plc1", "rtu1")) {
            gw.awaitDevice(d, r -> r.state().equals("online"), "online again");
            Map<String, ChannelRow> v = gw.awaitChannels(d, rows -> allGood("ir0", "sp").test(rows) && rows.get("sp").at().isAfter(restarted),
                    "values read from the restarted peer");
            assertThat(v.get("ir0").asLong()).isEqualTo(11L);
            assertThat(v.get("sp").asLong()).as("the restarted peer's own data").isZero();
        }
        assertThat(gw.alive()).isTrue();
        assertThat(gw.stdout()).as("one gateway run throughout").filteredOn(l -> l.matches(Gateway.READY)).hasSize(1);
        assertThat(gw.terminate()).as("exit code after SIGTERM\n%s", gw.tail(40)).isZero();
    }

    // --- descriptors

    private static String channel(String name, String type, String access, String table, int register, String valueType, String order) {
        StringBuilder a = new StringBuilder("{\"table\": \"" + table + "\", \"register\": " + register);
        if (valueType != null) {
            a.append(", \"type\": \"").append(valueType).append('"');
        }
        if (order != null) {
            a.append(", \"order\": \"").append(order).append('"');
        }
        a.append('}');
        return "{\"name\": \"" + name + "\", \"type\": \"" + type + "\", \"access\": \"" + access + "\", \"poll\": \"200ms\", \"address\": " + a + "}";
    }

    private static String nameOf(String channelJson) {
        return channelJson.replaceAll("(?s)^\\{\\s*\"name\": \"([^\"]+)\".*", "$1");
    }

    private static String modbusTcp(String id, int port, int unit, List<String> channels) {
        return "{\"id\": \"" + id + "\", \"driver\": \"modbus\", \"description\": \"pymodbus over TCP, unit " + unit + "\",\n"
                + " \"connection\": {\"host\": \"127.0.0.1\", \"port\": " + port + ", \"unit\": " + unit + ", \"timeout\": \"500ms\"},\n"
                + " \"channels\": [\n  " + String.join(",\n  ", channels) + "\n ]}\n";
    }

    private static String lineInstrument(String id, Path serialPort) {
        return """
                {"id": "%s", "driver": "serial", "description": "a CSV instrument on a serial line",
                 "connection": {"serialPort": "%s", "baud": 9600, "format": "csv"},
                 "channels": [
                  {"name": "temp", "type": "double", "unit": "Cel", "event": true, "address": {"column": 1}},
                  {"name": "count", "type": "integer", "event": true, "address": {"column": 2}},
                  {"name": "setpoint", "type": "integer", "access": "read_write", "event": true,
                   "address": {"column": 3, "command": "SET {value}\\n"}}
                 ]}""".formatted(id, serialPort);
    }

    private static String modbusRtu(String id, Path serialPort, int unit, List<String> channels) {
        return "{\"id\": \"" + id + "\", \"driver\": \"modbus\", \"description\": \"pymodbus over RTU, unit " + unit + "\",\n"
                + " \"connection\": {\"transport\": \"rtu\", \"serialPort\": \"" + serialPort + "\", \"baud\": 19200, \"unit\": " + unit
                + ", \"timeout\": \"500ms\", \"retries\": 2},\n"
                + " \"channels\": [\n  " + String.join(",\n  ", channels) + "\n ]}\n";
    }
}
