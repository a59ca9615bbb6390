package org.mviot.edge.driver.modbus.internal.rtu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mviot.edge.driver.modbus.internal.Fixtures.channel;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.driver.modbus.internal.Fixtures;
import org.mviot.edge.driver.modbus.internal.ModbusDriver;
import org.mviot.edge.testsupport.Await;
import org.mviot.edge.testsupport.PeerProcess;
import org.mviot.edge.testsupport.PtyPair;
import org.mviot.edge.transport.serial.testing.TestSerialPorts;

/**
 * Modbus RTU through transport-serial's real jssc port service, over a socat pseudo-terminal pair,
 * against an RTU slave that misbehaves on demand (misbehaving_rtu_peer.py: the register asked for
 * picks a corrupted CRC, a truncated frame, another unit's answer, an exception or silence), and
 * recovers on the next read of a well-behaved register.
 */
class RtuMisbehavingPeerTest {

    private static final ChannelSpec GOOD = holding("good", 10);
    /** Input register 0: how many requests the peer received so far, the read of it included. */
    private static final ChannelSpec REQUESTS = channel("requests", ChannelType.INTEGER, Access.READ, "table", "input", "register", "0");
    /** The registers the test reads, one misbehaviour each (see misbehaving_rtu_peer.py); the driver reads declared channels only. */
    private static final List<ChannelSpec> CHANNELS = List.of(GOOD, REQUESTS, holding("crc", 100), holding("cut", 200),
            holding("other", 300), holding("missing", 402), holding("broken", 404), holding("busy", 406), holding("silent", 500),
            holding("once", 600), holding("r11", 11), holding("r12", 12));

    @TempDir
    Path dir;
    private PtyPair bus;
    private PeerProcess peer;
    private TestSerialPorts ports;
    private ModbusDriver driver;
    private DeviceConnection device;
    private final Fixtures.Recorder recorder = new Fixtures.Recorder();
    private String port;

    private static ChannelSpec named(String name) {
        return CHANNELS.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static ChannelSpec holding(String name, int register) {
        return channel(name, ChannelType.INTEGER, Access.READ, "table", "holding", "register", Integer.toString(register));
    }

    @BeforeEach
    void start() throws Exception {
        bus = PtyPair.start(dir);
        peer = Fixtures.peer("misbehaving_rtu_peer.py", bus.b().toString());
        ports = TestSerialPorts.start(100);
        driver = new ModbusDriver(Fixtures.config(2000));
        driver.bindSerialPorts(ports);
        port = bus.a().toString();
        DeviceDescriptor d = new DeviceDescriptor("rtu-peer", "modbus", "", Map.of("serialPort", port, "baud", "19200",
                "unit", "1", "timeout", "300ms", "retries", "1"), CHANNELS);
        driver.validate(d);
        device = driver.open(d, recorder);
        // the peer opens its side a moment after it starts: reads before that go unanswered
        Await.until("the RTU peer to answer", () -> {
            try {
                return device.read(List.of(GOOD)).get(0).quality() == Quality.GOOD;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (device != null) {
            device.close();
        }
        if (driver != null) {
            driver.deactivate();
        }
        if (ports != null) {
            ports.close();
        }
        if (peer != null) {
            peer.close();
        }
        if (bus != null) {
            bus.close();
        }
    }

    private long requests() throws Exception {
        Reading r = device.read(List.of(REQUESTS)).get(0);
        assertThat(r.quality()).as(r.error()).isEqualTo(Quality.GOOD);
        return (Long) r.value();
    }

    /** Runs a failing read and returns how many requests it sent, counted by the peer. */
    private long attemptsOf(ThrowingRunnable read) throws Exception {
        long before = requests();
        read.run();
        return requests() - before - 1;
    }

    private void readsGoodAgain() throws Exception {
        Reading r = device.read(List.of(GOOD)).get(0);
        assertThat(r.quality()).as(r.error()).isEqualTo(Quality.GOOD);
        assertThat(r.value()).isEqualTo(10L);
    }

    private String failure(int register) {
        return "device 'rtu-peer' unit 1 on rtu " + port + " 19200 8N1: read of holding registers " + register + ".." + register + " failed: ";
    }

    @Test
    void reportsACorruptedCrcAfterTheRetryAndRecovers() throws Exception {
        long attempts = attemptsOf(() -> assertThatThrownBy(() -> device.read(List.of(holding("crc", 100))))
                .isInstanceOf(DriverException.class)
                .hasMessageStartingWith(failure(100) + "RTU frame CRC is 0x")
                .hasMessageContaining(", computed 0x"));
        assertThat(attempts).as("first try and one retry").isEqualTo(2);
        readsGoodAgain();
    }

    @Test
    void reportsATruncatedFrameAndRecovers() throws Exception {
        long attempts = attemptsOf(() -> assertThatThrownBy(() -> device.read(List.of(holding("cut", 200))))
                .isInstanceOf(DriverException.class)
                .hasMessage(failure(200) + "truncated frame: 4 bytes, then silence for the rest of 300 ms"));
        assertThat(attempts).isEqualTo(2);
        readsGoodAgain();
    }

    @Test
    void refusesAnAnswerFromAnotherUnitAndRecovers() throws Exception {
        long attempts = attemptsOf(() -> assertThatThrownBy(() -> device.read(List.of(holding("other", 300))))
                .isInstanceOf(DriverException.class)
                .hasMessage(failure(300) + "unit 2 answered, unit 1 was asked"));
        assertThat(attempts).isEqualTo(2);
        readsGoodAgain();
    }

    @Test
    void reportsSilenceAsNoResponseAndRecovers() throws Exception {
        long attempts = attemptsOf(() -> assertThatThrownBy(() -> device.read(List.of(holding("silent", 500))))
                .isInstanceOf(DriverException.class)
                .hasMessage("device 'rtu-peer' unit 1 on rtu " + port + " 19200 8N1 did not answer (2 tries × 300 ms): read of holding registers"
                        + " 500..500 failed: no response within 300 ms"));
        assertThat(attempts).isEqualTo(2);
        readsGoodAgain();
    }

    @Test
    void turnsAnExceptionResponseIntoADegradedStatusWithoutRetryingAndRecovers() throws Exception {
        long[] attempts = new long[1];
        Reading[] bad = new Reading[1];
        attempts[0] = attemptsOf(() -> bad[0] = device.read(List.of(holding("missing", 402))).get(0));
        assertThat(attempts[0]).as("an exception is an answer: no retry").isEqualTo(1);
        assertThat(bad[0].quality()).isEqualTo(Quality.BAD);
        String reason = "unit 1 answered ILLEGAL_DATA_ADDRESS (exception 2 to function 3) to read of holding registers 402..402";
        assertThat(bad[0].error()).isEqualTo(reason);
        DeviceStatus degraded = recorder.statuses.stream().filter(s -> s.state() == DeviceStatus.State.DEGRADED).findFirst().orElseThrow();
        assertThat(degraded.reason()).isEqualTo(reason);

        readsGoodAgain();
        assertThat(recorder.last().state()).isEqualTo(DeviceStatus.State.ONLINE);
        assertThat(recorder.last().reason()).isEqualTo("reading again");

        assertThat(device.read(List.of(holding("broken", 404))).get(0).error()).contains("SERVER_DEVICE_FAILURE (exception 4 to function 3)");
        assertThat(recorder.last().reason()).contains("SERVER_DEVICE_FAILURE");
        readsGoodAgain();
    }

    @Test
    void readsWhenTheRetryGetsAGoodAnswerAfterACorruptedOne() throws Exception {
        Reading[] r = new Reading[1];
        long attempts = attemptsOf(() -> r[0] = device.read(List.of(holding("once", 600))).get(0));
        assertThat(attempts).isEqualTo(2);
        assertThat(r[0].quality()).as(r[0].error()).isEqualTo(Quality.GOOD);
        assertThat(r[0].value()).isEqualTo(600L);
    }

    @Test
    void keepsReadingAfterEveryKindOfMisbehaviourInARow() throws Exception {
        for (String name : List.of("crc", "cut", "other", "silent")) {
            assertThatThrownBy(() -> device.read(List.of(named(name)))).isInstanceOf(DriverException.class);
        }
        assertThat(device.read(List.of(named("busy"))).get(0).error()).contains("SERVER_DEVICE_BUSY");
        readsGoodAgain();
        Reading merged = device.read(List.of(holding("r11", 11), holding("r12", 12))).get(1);
        assertThat(merged.value()).isEqualTo(12L);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
