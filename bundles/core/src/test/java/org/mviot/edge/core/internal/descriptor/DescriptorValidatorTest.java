package org.mviot.edge.core.internal.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.DriverSettings;

class DescriptorValidatorTest {

    /** A driver with rules of the shipped drivers' kind: a port in connection, a register in each address. */
    static final class PortDriver implements Driver {
        @Override
        public String name() {
            return "tcp";
        }

        @Override
        public void validate(DeviceDescriptor device) throws DriverException {
            DriverSettings s = DriverSettings.of(device);
            s.connection().onlyKeys("port");
            s.connection().port("port", 502);
            for (ChannelSpec c : device.channels()) {
                s.address(c).onlyKeys("register");
                s.address(c).integer("register", 0, 0, 65535);
            }
            s.check();
        }

        @Override
        public DeviceConnection open(DeviceDescriptor device, DeviceListener listener) {
            throw new UnsupportedOperationException("a validation test opens nothing");
        }
    }

    private final DescriptorValidator validator = new DescriptorValidator(new DescriptorParser("org.example", k -> null),
            name -> name.equals("tcp") ? new PortDriver() : null);

    @Test
    void reportsTheCoresAndTheDriversProblemsOfOneFileTogetherAtTheirJsonPaths() {
        DescriptorValidator.Outcome o = validator.validate("pump.json", """
                {"id": "pump", "driver": "tcp", "connection": {"port": "abc", "unti": 1},
                 "channels": [
                   {"name": "flow", "type": "double", "poll": "1s", "address": {"register": 70000}},
                   {"name": "speed", "type": "integr", "poll": "1s", "address": {"register": 1}},
                   {"name": "level", "type": "double", "poll": "soon", "address": {"regster": 2}}
                 ]}""");
        assertThat(o.config()).isNull();
        assertThat(o.problems()).extracting(DescriptorProblem::jsonPath).containsExactlyInAnyOrder(
                "$.channels[1].type", "$.channels[2].poll",            // the core's
                "$.connection.port", "$.connection.unti", "$.channels[0].address.register", "$.channels[2].address.regster"); // the driver's
        assertThat(o.problems()).allSatisfy(p -> assertThat(p.origin()).isEqualTo("pump.json"));
        assertThat(o.problems().stream().filter(p -> p.jsonPath().equals("$.connection.port")).findFirst().orElseThrow().message())
                .contains("device 'pump'", "driver 'tcp'", "abc");
    }

    @Test
    void aDeviceValidByTheCoreHasItsDriversProblemsListedAndStaysADeviceToBeMisconfigured() {
        DescriptorValidator.Outcome o = validator.validate("pump.json", """
                {"id": "pump", "driver": "tcp", "connection": {"port": 0},
                 "channels": [{"name": "a.b", "type": "double", "poll": "1s", "address": {"register": 1, "bit": 3}}]}""");
        assertThat(o.config().id()).isEqualTo("pump");
        assertThat(o.problems()).extracting(DescriptorProblem::jsonPath).containsExactly("$.connection.port", "$.channels[0].address.bit");
    }

    @Test
    void aDeviceOfADriverThatIsNotInstalledIsCheckedByTheCoresRules() {
        DescriptorValidator.Outcome o = validator.validate("lamp.json", """
                {"id": "lamp", "driver": "gpio", "connection": {"anything": 1},
                 "channels": [{"name": "on", "type": "boolean", "access": "write"}]}""");
        assertThat(o.problems()).isEmpty();
        assertThat(o.config().id()).isEqualTo("lamp");
    }

    @Test
    void aValidDeviceHasNoProblems() {
        DescriptorValidator.Outcome o = validator.validate("pump.json", """
                {"id": "pump", "driver": "tcp", "connection": {"port": 1502},
                 "channels": [{"name": "flow", "type": "double", "poll": "1s", "address": {"register": 7}}]}""");
        assertThat(o.problems()).isEmpty();
        assertThat(o.config().descriptor().connection()).containsEntry("port", "1502");
    }

    @Test
    void aCommentIsRefusedAsNotJsonSayingWhatToDo() {
        DescriptorValidator.Outcome o = validator.validate("pump.json", """
                {"id": "pump", // the pump
                 "driver": "tcp", "channels": [{"name": "flow", "type": "double", "poll": "1s"}]}""");
        assertThat(o.problems()).hasSize(1);
        assertThat(o.problems().get(0).message()).startsWith("not valid JSON").contains("line 1", "comments", "not JSON")
                .doesNotContain("setStrictness");
    }

    @Test
    void textAfterTheObjectIsRefused() {
        DescriptorValidator.Outcome o = validator.validate("pump.json", """
                {"id": "pump", "driver": "tcp", "channels": [{"name": "flow", "type": "double", "poll": "1s"}]} {}""");
        assertThat(o.problems()).extracting(DescriptorProblem::message).singleElement().asString().contains("text after");
    }

    @Test
    void theDriversKeyPathOfAChannelWhoseNameHoldsDotsBecomesItsIndex() {
        assertThat(DriverRules.jsonPath("channels.a.b.address.register", java.util.Map.of("a", 0, "a.b", 3)))
                .isEqualTo("$.channels[3].address.register");
        assertThat(DriverRules.jsonPath("connection.host", java.util.Map.of())).isEqualTo("$.connection.host");
    }
}
