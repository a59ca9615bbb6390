package org.mviot.edge.it.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.it.support.GatewayProcess.distroHome;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.GatewayProcess;

/**
 * {@code mviot-edge check} of the built distribution on device descriptors: every problem of every file at once, the
 * core's and the drivers' together at their JSON paths, exit 2; a clean directory exits 0; a file named alone is
 * checked alone.
 */
public class CheckDescriptorsProcessTest {

    private static final String PUMP = """
            {"id": "pump", "driver": "modbus", "connection": {"host": "127.0.0.1", "port": "abc", "unti": 1},
             "channels": [
               {"name": "flow", "type": "double", "poll": "1s", "address": {"table": "holding", "register": 70000}},
               {"name": "speed", "type": "integr", "poll": "1s", "address": {"table": "holding", "register": 1}}
             ]}""";
    private static final String LAMP = """
            {"id": "lamp", "driver": "sim", // a comment
             "channels": [{"name": "on", "type": "boolean", "poll": "1s", "address": {"signal": "square"}}]}""";
    private static final String BOILER = """
            {"id": "boiler", "driver": "sim", "channels": [{"name": "t", "type": "double", "access": "read-write", "poll": "1s",
             "address": {"signal": "setpoint"}}]}""";
    private static final String FAN = """
            {"id": "fan", "driver": "sim", "channels": [{"name": "speed", "type": "double", "poll": "1s", "address": {"signal": "sine"}}]}""";

    /** The sim profile's board has no header map: only the GPIO driver, with the profile's board facts, knows a header position is wrong. */
    private static final String BUTTON = """
            {"id": "button", "driver": "gpio", "channels": [{"name": "pressed", "type": "boolean", "event": true,
             "address": {"mode": "input", "header": "6"}}]}""";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void checkListsEveryProblemOfEveryDescriptorWithItsFileAndPathAndExitsTwoThenZeroOnceTheyAreFixed() throws Exception {
        Path work = tmp.newFolder("gw").toPath();
        Path devices = Files.createDirectories(work.resolve("conf/devices"));
        Files.writeString(devices.resolve("pump.json"), PUMP);
        Files.writeString(devices.resolve("lamp.json"), LAMP);
        Files.writeString(devices.resolve("fan.json"), FAN);
        Files.writeString(devices.resolve("button.json"), BUTTON);

        GatewayProcess all = GatewayProcess.exec(distroHome(), work, "check");
        assertThat(all.awaitExit()).as(all.output()).isEqualTo(2);
        String pump = devices.resolve("pump.json") + ": ";
        assertThat(all.stdoutLines()).as(all.output())
                .anyMatch(l -> l.contains(pump + "$.channels[1].type: ") && l.contains("'integr'"))                // core
                .anyMatch(l -> l.contains(pump + "$.connection.port: ") && l.contains("driver 'modbus'"))          // driver
                .anyMatch(l -> l.contains(pump + "$.connection.unti: "))
                .anyMatch(l -> l.contains(pump + "$.channels[0].address.register: ") && l.contains("70000"))
                .anyMatch(l -> l.contains(devices.resolve("lamp.json") + ": $: not valid JSON") && l.contains("comments"))
                .anyMatch(l -> l.contains("ok " + devices.resolve("fan.json")))
                .anyMatch(l -> l.contains(devices.resolve("button.json") + ": $.channels[0].address.header: "))  // GPIO driver, board facts
                .anyMatch(l -> l.equals("device descriptors: 4 checked, 6 problems"));

        GatewayProcess one = GatewayProcess.exec(distroHome(), work, "check", devices.resolve("fan.json").toString());
        assertThat(one.awaitExit()).as(one.output()).isZero();
        assertThat(one.stdoutLines()).contains("device descriptors: 1 checked, no problems").noneMatch(l -> l.contains("pump.json"));

        Files.delete(devices.resolve("pump.json"));
        Files.writeString(devices.resolve("button.json"), BUTTON.replace("\"header\": \"6\"", "\"pin\": \"17\""));
        Files.writeString(devices.resolve("lamp.json"), LAMP.replace("// a comment", ""));
        Files.writeString(devices.resolve("boiler.json"), BOILER);
        GatewayProcess clean = GatewayProcess.exec(distroHome(), work, "check");
        assertThat(clean.awaitExit()).as(clean.output()).isZero();
        assertThat(clean.stdoutLines()).contains("device descriptors: 4 checked, no problems");
    }
}
