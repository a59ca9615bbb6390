package org.mviot.edge.driver.modbus.internal.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mviot.edge.driver.modbus.internal.Fixtures.channel;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import org.mviot.edge.testsupport.FreePorts;
import org.mviot.edge.testsupport.PeerProcess;

/** The TCP driver against a peer that misbehaves on demand (misbehaving_peer.py), and recovers when it behaves again. */
class MisbehavingPeerTest {

    private static final ChannelSpec VALUE = channel("value", ChannelType.INTEGER, Access.READ, "table", "holding", "register", "10");
    private static final ChannelSpec MODE = channel("mode", ChannelType.INTEGER, Access.WRITE, "table", "holding", "register", "999");

    private PeerProcess peer;
    private ModbusDriver driver;
    private DeviceConnection device;
    private final Fixtures.Recorder recorder = new Fixtures.Recorder();

    @BeforeEach
    void start() throws Exception {
        int port = FreePorts.tcp();
        peer = Fixtures.peer("misbehaving_peer.py", Integer.toString(port)).awaitListening(port);
        driver = new ModbusDriver(Fixtures.config(2000));
        device = driver.open(new DeviceDescriptor("meter", "modbus", "", Map.of("host", "127.0.0.1", "port", Integer.toString(port),
                "timeout", "300ms", "retries", "1"), List.of(VALUE, MODE)), recorder);
    }

    @AfterEach
    void stop() {
        device.close();
        driver.deactivate();
        peer.close();
    }

    private void mode(long m) throws Exception {
        device.write(MODE, m);
    }

    private void readsGoodAgain() throws Exception {
        mode(0);
        Reading r = device.read(List.of(VALUE)).get(0);
        assertThat(r.quality()).isEqualTo(Quality.GOOD);
        assertThat(r.value()).isEqualTo(10L);
    }

    @Test
    void reportsACorruptedFrameAndRecovers() throws Exception {
        mode(1);
        assertThatThrownBy(() -> device.read(List.of(VALUE))).isInstanceOf(DriverException.class)
                .hasMessageContaining("device 'meter'").hasMessageContaining("read of holding registers 10..10 failed")
                .hasMessageContaining("MBAP protocol id is 4660");
        readsGoodAgain();
    }

    @Test
    void dropsAResponseWithAWrongTransactionIdAndRecovers() throws Exception {
        mode(2);
        assertThatThrownBy(() -> device.read(List.of(VALUE))).isInstanceOf(DriverException.class)
                .hasMessageContaining("no response within 300 ms (1 responses with other transaction ids dropped)");
        readsGoodAgain();
    }

    @Test
    void reportsATruncatedFrameAsATimeoutAndRecovers() throws Exception {
        mode(3);
        assertThatThrownBy(() -> device.read(List.of(VALUE))).isInstanceOf(DriverException.class)
                .hasMessageContaining("no response within 300 ms");
        readsGoodAgain();
    }

    @Test
    void reportsSilenceAsATimeoutAndRecovers() throws Exception {
        mode(4);
        assertThatThrownBy(() -> device.read(List.of(VALUE))).isInstanceOf(DriverException.class)
                .hasMessageContaining("unit 1 on tcp 127.0.0.1:").hasMessageContaining("no response within 300 ms");
        readsGoodAgain();
    }

    @Test
    void turnsAnExceptionResponseIntoADegradedStatusNamingTheExceptionAndRecovers() throws Exception {
        mode(12);
        Reading r = device.read(List.of(VALUE)).get(0);
        assertThat(r.quality()).isEqualTo(Quality.BAD);
        assertThat(r.error()).contains("ILLEGAL_DATA_ADDRESS");
        assertThat(recorder.last().state()).isEqualTo(DeviceStatus.State.DEGRADED);
        assertThat(recorder.last().reason()).isEqualTo(
                "unit 1 answered ILLEGAL_DATA_ADDRESS (exception 2 to function 3) to read of holding registers 10..10");

        readsGoodAgain();
        assertThat(recorder.last().state()).isEqualTo(DeviceStatus.State.ONLINE);
    }

    @Test
    void namesAServerDeviceFailure() throws Exception {
        mode(14);
        assertThat(device.read(List.of(VALUE)).get(0).error()).contains("SERVER_DEVICE_FAILURE");
        assertThat(recorder.last().reason()).contains("SERVER_DEVICE_FAILURE");
    }

    @Test
    void refusesAWriteWithTheExceptionsName() throws Exception {
        ChannelSpec rw = channel("value", ChannelType.INTEGER, Access.READ_WRITE, "table", "holding", "register", "10");
        mode(13);
        assertThatThrownBy(() -> device.write(rw, 5L)).isInstanceOf(DriverException.class)
                .hasMessageContaining("device 'meter' channel 'value'").hasMessageContaining("ILLEGAL_DATA_VALUE");
    }
}
