package org.mviot.edge.it.gpio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.GatewayProcess;
import org.mviot.edge.testsupport.Await;

/**
 * The built distribution with the real GPIO driver bundle in Felix on Pi4J's mock provider: a
 * hardware profile in {@code conf/hardware-profiles} describes a Raspberry Pi header driven by the
 * mock provider, devices are JSON files in {@code conf/devices}, and the outside world is played
 * with the driver's mock-only shell commands ({@code gpio:mock}, {@code gpio:pulse},
 * {@code gpio:state}). Everything else is seen the way an operator sees it: {@code mviot:devices},
 * {@code mviot:channels}, {@code mviot:write}.
 */
public class GpioGatewayProcessTest {

    private static final Pattern DEVICE = Pattern.compile("(\\S+)\\s+(\\S+)\\s+(online|offline|degraded|misconfigured)\\s+(\\S+)\\s(.*)");
    private static final Pattern CHANNEL = Pattern.compile("(\\S+)\\s+.*?\\s(good|uncertain|bad|stale|-)\\s+(.*?)(?:\\s+@ (\\S+))?");

    /** The debounce window of the panel's {@code presses} counter. */
    private static final int PRESS_DEBOUNCE_MS = 30;

    private static final String PANEL = """
            {
              "id": "panel", "driver": "gpio", "description": "push button, S0 meter, relay, PWM fan",
              "channels": [
                { "name": "button", "type": "boolean", "event": true,
                  "address": { "mode": "input", "header": "11", "pull": "up", "invert": "true" } },
                { "name": "presses", "type": "integer", "event": true,
                  "address": { "mode": "counter", "pin": "27", "edge": "falling", "debounce": "%dms" } },
                { "name": "energy", "type": "integer", "event": true,
                  "address": { "mode": "counter", "header": "29", "debounce": "0ms" } },
                { "name": "relay", "type": "boolean", "access": "read_write", "poll": "500ms",
                  "address": { "mode": "output", "pin": "22", "initial": "false", "safe": "false" } },
                { "name": "fan", "type": "double", "access": "read_write", "poll": "500ms",
                  "address": { "mode": "pwm", "pin": "18", "frequency": "25000", "safe": "0" } }
              ]
            }
            """.formatted(PRESS_DEBOUNCE_MS);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<GatewayProcess> started = new ArrayList<>();
    private Path work;

    @After
    public void stop() {
        for (GatewayProcess p : started) {
            try {
                if (ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    p.terminate();
                }
            } catch (InterruptedException | AssertionError e) {
                // closed below
            }
            p.close();
            System.out.println("=== gateway\n" + p.output());
        }
    }

    @Test
    public void edgesPulsesAndCommandsOfAGpioDeviceReachItsChannelsAndItsOutputsGoSafeWhenItIsRemoved() throws Exception {
        GatewayProcess gw = start();
        Path panel = device("panel.json", PANEL);
        awaitShell("panel online", o -> deviceRow(o, "panel").filter(r -> r[2].equals("online")).isPresent(), "mviot:devices");

        // a press of the button on header 11 (GPIO17), pulled up and inverted: the contact closes to ground
        shell("gpio:mock", "17", "high");
        Instant before = Instant.now();
        shell("gpio:mock", "17", "low");
        Instant after = Instant.now();
        Map<String, String[]> rows = awaitChannels(r -> "true".equals(value(r, "button")));
        Instant seen = Instant.parse(rows.get("button")[3]);
        assertThat(seen).as("the edge is stamped when it was seen").isBetween(before.minusMillis(1), after);

        // three bounce trains of 7 pulses each (each within the 30 ms debounce window): three presses. A press shorter
        // than the window is counted at the window's end (its release), and that report opens a window of its own (the
        // debouncer keeps its reports a window apart): a train that comes sooner is bounce of this press, as a second
        // press within 60 ms would be. So each train waits for the count and then for that window to pass, by the
        // count's own timestamp (the shell may answer faster than the window)
        for (int press = 1; press <= 3; press++) {
            shell("gpio:pulse", "27", "7");
            String count = Integer.toString(press);
            Instant counted = Instant.parse(awaitChannels(r -> count.equals(value(r, "presses"))).get("presses")[3]);
            Await.until("the debounce window after press " + count + " (counted " + counted + ")",
                    () -> Instant.now().isAfter(counted.plusMillis(PRESS_DEBOUNCE_MS + 1)));
        }
        // 25 clean S0 pulses on header 29 (GPIO5), no debounce: 25 counts
        shell("gpio:pulse", "5", "25");
        awaitChannels(r -> "3".equals(value(r, "presses")) && "25".equals(value(r, "energy")));

        // commands reach the outputs
        assertThat(shell("mviot:write", "panel", "relay", "true")).startsWith("written: panel relay = true");
        assertThat(shell("gpio:state", "22")).isEqualTo("high");
        assertThat(shell("mviot:write", "panel", "fan", "40.0")).startsWith("written: panel fan = ");
        assertThat(shell("gpio:state", "18")).isEqualTo("40.0");

        // removing the device puts its outputs into their safe state and frees the pins
        Files.delete(panel);
        awaitShell("panel removed", o -> deviceRow(o, "panel").isEmpty(), "mviot:devices");
        Await.until("the relay released", () -> exec("gpio:state", "22").equals("released, left low"));
        assertThat(shell("gpio:state", "18")).isEqualTo("released, left off");
        assertThat(gw.stderrLines()).as("no errors logged").noneMatch(l -> l.contains(" ERROR "));
    }

    @Test
    public void aPinUsedByTwoDevicesAndAGroundHeaderPositionAreClearErrors() throws Exception {
        start();
        device("door.json", """
                { "id": "door", "driver": "gpio", "channels": [
                  { "name": "open", "type": "boolean", "event": true, "address": { "mode": "input", "pin": "17" } } ] }
                """);
        awaitShell("door online", o -> deviceRow(o, "door").filter(r -> r[2].equals("online")).isPresent(), "mviot:devices");
        device("lamp.json", """
                { "id": "lamp", "driver": "gpio", "channels": [
                  { "name": "on", "type": "boolean", "access": "read_write", "poll": "1s", "address": { "mode": "output", "header": "11" } } ] }
                """);
        device("wrong.json", """
                { "id": "wrong", "driver": "gpio", "channels": [
                  { "name": "in", "type": "boolean", "event": true, "address": { "mode": "input", "header": "39" } },
                  { "name": "out", "type": "boolean", "event": true, "address": { "mode": "input", "header": "41" } } ] }
                """);
        String out = awaitShell("lamp offline and wrong misconfigured", o -> deviceRow(o, "lamp").filter(r -> r[2].equals("offline")
                && r[4].contains("already used")).isPresent() && deviceRow(o, "wrong").filter(r -> r[2].equals("misconfigured")).isPresent(),
                "mviot:devices");
        assertThat(deviceRow(out, "lamp").orElseThrow()[4])
                .contains("device 'lamp': GPIO17 (header 11) is already used by device 'door'");
        assertThat(deviceRow(out, "wrong").orElseThrow()[4])
                .contains("channels.in.address.header: header position 39 of board Raspberry Pi 4 Model B on a mock header (profile mock-pi) is ground (GND), not a GPIO pin")
                .contains("channels.out.address.header: expected an integer 1..40, got \"41\"");
        assertThat(deviceRow(out, "door").orElseThrow()[2]).as("the first device keeps its pin").isEqualTo("online");
    }

    @Test
    public void stoppingTheGpioBundleTakesItsDevicesOfflineAndStartingItBringsThemBackWithTheirInitialOutputs() throws Exception {
        GatewayProcess gw = start();
        device("panel.json", PANEL);
        awaitShell("panel online", o -> deviceRow(o, "panel").filter(r -> r[2].equals("online")).isPresent(), "mviot:devices");
        assertThat(shell("mviot:write", "panel", "relay", "true")).startsWith("written: panel relay = true");
        assertThat(shell("gpio:state", "22")).isEqualTo("high");
        String id = shell("lb", "-s").lines().filter(l -> l.contains("org.mviot.edge.driver.gpio")).findFirst()
                .orElseThrow(() -> new AssertionError("no GPIO bundle in lb")).split("\\|")[0].strip();

        shell("stop", id);
        awaitShell("panel offline because its driver left", o -> deviceRow(o, "panel")
                .filter(r -> r[2].equals("offline") && r[4].contains("driver 'gpio' not installed")).isPresent(), "mviot:devices");

        shell("start", id);
        awaitShell("panel online again", o -> deviceRow(o, "panel").filter(r -> r[2].equals("online")).isPresent(), "mviot:devices");
        assertThat(shell("gpio:state", "22")).as("a new driver opens the relay at its initial level").isEqualTo("low");
        assertThat(gw.stderrLines()).as("no errors logged").noneMatch(l -> l.contains(" ERROR "));
    }

    // --- the gateway, seen by an operator

    private GatewayProcess start() throws Exception {
        work = tmp.newFolder("gw").toPath();
        Path profiles = Files.createDirectories(work.resolve("conf/hardware-profiles"));
        String pi4 = Files.readString(GatewayProcess.distroHome().resolve("hardware-profiles/raspberry-pi-4.properties"));
        // the Raspberry Pi 4's header map on the mock provider, without serial ports or the local broker
        String mock = pi4.replace("profile.name=raspberry-pi-4", "profile.name=mock-pi")
                .replaceAll("board.model=.*", "board.model=Raspberry Pi 4 Model B on a mock header")
                .replaceAll("board.cpu.arch=.*", "board.cpu.arch=any")
                .replace("gpio.chip=/dev/gpiochip0", "gpio.chip=none").replace("gpio.provider=gpiod", "gpio.provider=mock")
                .replaceAll("serial.ports=.*", "serial.ports=").replaceAll("(?m)^features=.*", "features=driver-gpio")
                .replaceAll("jvm.options=.*", "jvm.options=-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError");
        Files.writeString(profiles.resolve("mock-pi.properties"), mock);
        GatewayProcess p = GatewayProcess.start(GatewayProcess.distroHome(), work, Map.of(), "run", "--profile", "mock-pi");
        started.add(p);
        p.awaitStdout("mviot-edge ready in \\d+ ms");
        return p;
    }

    private Path device(String name, String json) throws IOException {
        Path devices = Files.createDirectories(work.resolve("conf/devices"));
        Path tmpFile = devices.resolve("." + name + ".tmp");
        Files.writeString(tmpFile, json, StandardCharsets.UTF_8);
        return Files.move(tmpFile, devices.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private String exec(String... command) {
        try {
            return shell(command);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String shell(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("shell"));
        args.addAll(List.of(command));
        GatewayProcess p = GatewayProcess.exec(GatewayProcess.distroHome(), work, args.toArray(String[]::new));
        assertThat(p.awaitExit()).as("'mviot-edge %s'\n%s", String.join(" ", args), p.output()).isZero();
        return String.join("\n", p.stdoutLines()).strip();
    }

    private String awaitShell(String what, Predicate<String> condition, String... command) {
        String[] last = {""};
        Await.until(what, () -> condition.test(last[0] = exec(command)), () -> "last output of " + String.join(" ", command) + ":\n" + last[0]);
        return last[0];
    }

    private Map<String, String[]> awaitChannels(Predicate<Map<String, String[]>> condition) {
        return channelRows(awaitShell("panel channels", o -> condition.test(channelRows(o)), "mviot:channels", "panel"));
    }

    private static String value(Map<String, String[]> rows, String channel) {
        String[] r = rows.get(channel);
        return r == null || !r[1].equals("good") ? null : r[2];
    }

    /** @return device, driver, state, since, reason */
    private static Optional<String[]> deviceRow(String devices, String device) {
        return devices.lines().map(DEVICE::matcher).filter(Matcher::matches).filter(m -> m.group(1).equals(device))
                .map(m -> new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(5).strip()}).findFirst();
    }

    /** @return per channel: channel, quality, value, time read */
    private static Map<String, String[]> channelRows(String channels) {
        Map<String, String[]> rows = new java.util.LinkedHashMap<>();
        channels.lines().skip(1).map(CHANNEL::matcher).filter(Matcher::matches)
                .forEach(m -> rows.put(m.group(1), new String[] {m.group(1), m.group(2), m.group(3), m.group(4)}));
        return rows;
    }
}
