package org.mviot.edge.driver.modbus.internal.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mviot.edge.driver.modbus.internal.Fixtures.channel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.driver.modbus.internal.Fixtures;
import org.mviot.edge.driver.modbus.internal.ModbusDriver;
import org.mviot.edge.testsupport.FreePorts;
import org.mviot.edge.testsupport.PeerProcess;

/**
 * A unit id nobody has, on the same Modbus TCP connection as a unit that answers (pymodbus, told to stay silent for
 * unknown units as real gateways do): the silent unit fails with its own reason naming unit, host and tries, and it does
 * not slow the good unit down.
 */
class SilentUnitTest {

    /** Each read loop is bounded in time and in count. */
    private static final long WINDOW_MILLIS = 2_000;
    private static final int MAX_READS = 200_000;

    private int port;
    private PeerProcess server;
    private ModbusDriver driver;
    private DeviceConnection good;
    private DeviceConnection silent;
    private final ScheduledExecutorService pollers = Executors.newSingleThreadScheduledExecutor();

    private static final ChannelSpec REGISTER = channel("r", ChannelType.INTEGER, Access.READ, "table", "input", "register", "0");

    @BeforeEach
    void start() throws Exception {
        port = FreePorts.tcp();
        server = Fixtures.peer("pymodbus_server.py", "tcp", Integer.toString(port), "silent-missing").awaitListening(port);
        driver = new ModbusDriver(Fixtures.config(2000));
        good = driver.open(device(1), new Fixtures.Recorder());
        silent = driver.open(device(7), new Fixtures.Recorder());
    }

    private DeviceDescriptor device(int unit) {
        return new DeviceDescriptor("unit" + unit, "modbus", "", Map.of("host", "127.0.0.1", "port", Integer.toString(port),
                "unit", Integer.toString(unit), "timeout", "200ms", "retries", "1"), List.of(REGISTER));
    }

    @AfterEach
    void stop() {
        pollers.shutdownNow();
        good.close();
        silent.close();
        driver.deactivate();
        server.close();
    }

    /** @return the good unit's successful reads within one window */
    private int goodReadsInAWindow() throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS);
        int n = 0;
        while (System.nanoTime() < end && n < MAX_READS) {
            assertThat(good.read(List.of(REGISTER))).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(11L));
            n++;
        }
        return n;
    }

    @Test
    void aSilentUnitFailsNamingUnitHostAndTriesAndTheGoodUnitOnTheSameConnectionKeepsItsPace() throws Exception {
        String reason = "device 'unit7' unit 7 on tcp 127.0.0.1:" + port + " did not answer (2 tries × 200 ms)";
        assertThatThrownBy(() -> silent.read(List.of(REGISTER))).isInstanceOf(DriverException.class).hasMessageContaining(reason);

        int alone = goodReadsInAWindow();

        // the silent unit polled every 20 ms as the core would, beside the good one, for the same length of time
        AtomicInteger silentCount = new AtomicInteger();
        List<String> wrongReasons = new CopyOnWriteArrayList<>();
        ScheduledFuture<?> poll = pollers.scheduleWithFixedDelay(() -> {
            try {
                silent.read(List.of(REGISTER));
                wrongReasons.add("a value");
            } catch (DriverException e) {
                if (!e.getMessage().contains(reason)) {
                    wrongReasons.add(e.getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            silentCount.incrementAndGet();
        }, 0, 20, TimeUnit.MILLISECONDS);
        int beside = goodReadsInAWindow();
        poll.cancel(false);

        assertThat(wrongReasons).as("the silent unit's reads").isEmpty();
        assertThat(silentCount.get()).as("reads of the silent unit").isGreaterThan(10);
        // without leaving the silent unit alone, each of its reads holds the connection for 2 × 200 ms and the good
        // unit gets a handful of reads; with it, the good unit reads at about the pace it has alone
        assertThat(beside).as("good unit's reads beside the silent one, against %d alone", alone).isGreaterThan(alone / 2);
    }
}
