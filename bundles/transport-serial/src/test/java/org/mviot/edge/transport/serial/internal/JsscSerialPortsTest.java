package org.mviot.edge.transport.serial.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.api.serial.SerialListener;
import org.mviot.edge.api.serial.SerialPort;
import org.mviot.edge.testsupport.Await;
import org.mviot.edge.testsupport.PtyPair;

class JsscSerialPortsTest {

    @TempDir
    Path dir;
    private PtyPair pty;
    private JsscSerialPorts ports;

    @BeforeEach
    void start() throws IOException {
        pty = PtyPair.start(dir);
        ports = JsscSerialPorts.create(10, 50);
    }

    @AfterEach
    void stop() {
        ports.deactivate();
        pty.close();
    }

    @Test
    void exchangesBytesWithThePeerThroughJssc() throws Exception {
        try (SerialPort p = ports.open(pty.a().toString(), LineSettings.of(19200), "dev1");
             OutputStream peer = new FileOutputStream(pty.b().toFile())) {
            peer.write("pong".getBytes(StandardCharsets.US_ASCII));
            peer.flush();
            byte[] buf = new byte[4];
            int n = p.exchange(Duration.ofSeconds(1), link -> {
                int got = 0;
                for (int i = 0; i < 100 && got < 4; i++) {
                    got += link.read(buf, got, 4 - got, Duration.ofMillis(100));
                }
                return got;
            });
            assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).isEqualTo("pong");
        }
    }

    @Test
    void readsPeriodicallyOnlyWhileAPortIsOpen() throws Exception {
        assertThat(ports.reading()).as("reading before any port is open").isFalse();
        SerialPort first = ports.open(pty.a().toString(), LineSettings.of(9600), "unit1");
        SerialPort second = ports.open(pty.a().toString(), LineSettings.of(9600), "unit2");
        assertThat(ports.reading()).as("reading with a port open").isTrue();
        first.close();
        assertThat(ports.reading()).as("reading while one owner still has the port").isTrue();
        second.close();
        assertThat(ports.reading()).as("reading after the last port closed").isFalse();
        try (SerialPort again = ports.open(pty.a().toString(), LineSettings.of(9600), "unit3")) {
            assertThat(ports.reading()).as("reading after a port is opened again").isTrue();
        }
    }

    @Test
    void sharesOnePortBetweenOwnersWithTheSameSettings() throws Exception {
        SerialPort first = ports.open(pty.a().toString(), LineSettings.of(9600), "unit1");
        SerialPort second = ports.open(pty.a().toString(), LineSettings.of(9600), "unit2");
        first.close();
        assertThat(second.isOpen()).isTrue();
        second.close();
    }

    @Test
    void refusesASecondOwnerWithOtherSettingsNamingBoth() throws Exception {
        try (SerialPort first = ports.open(pty.a().toString(), LineSettings.of(9600), "unit1")) {
            assertThatThrownBy(() -> ports.open(pty.a().toString(), LineSettings.of(19200), "unit2"))
                    .isInstanceOf(IOException.class).hasMessageContaining("is open with 9600 8N1 for [unit1]")
                    .hasMessageContaining("unit2 asked for 19200 8N1");
        }
    }

    @Test
    void refusesAPortThatDoesNotExistNamingIt() {
        assertThatThrownBy(() -> ports.open(dir.resolve("nothing").toString(), LineSettings.of(9600), "dev"))
                .isInstanceOf(IOException.class).hasMessageContaining("serial port " + dir.resolve("nothing") + " does not exist");
    }

    @Test
    void runsTheExchangesOfDevicesSharingABusOneAtATime() throws Exception {
        SerialPort a = ports.open(pty.a().toString(), LineSettings.of(9600), "unit1");
        SerialPort b = ports.open(pty.a().toString(), LineSettings.of(9600), "unit2");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                SerialPort h = i % 2 == 0 ? a : b;
                done.add(pool.submit(() -> h.exchange(Duration.ofSeconds(10), link -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    link.write(new byte[] {1, 2, 3});
                    link.read(new byte[8], 0, 8, Duration.ofMillis(2));
                    inside.decrementAndGet();
                    return null;
                })));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            a.close();
            b.close();
        }
        assertThat(most.get()).isEqualTo(1);
    }

    @Test
    void reopensAPortThatVanishesAndComesBack() throws Exception {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        StringBuffer received = new StringBuffer();
        try (SerialPort p = ports.open(pty.a().toString(), LineSettings.of(9600), "gnss")) {
            p.listen(new SerialListener() {
                @Override
                public void onData(byte[] data) {
                    received.append(new String(data, StandardCharsets.US_ASCII));
                }

                @Override
                public void onPortState(boolean open, String reason) {
                    events.add(open + ": " + reason);
                }
            });
            pty.close();
            Await.until("the port to be seen gone", () -> !p.isOpen());
            assertThatThrownBy(() -> p.exchange(Duration.ofSeconds(1), link -> null)).isInstanceOf(IOException.class)
                    .hasMessageContaining("is not open");

            pty = PtyPair.start(dir);
            Await.until("the port to be reopened", p::isOpen);
            try (OutputStream peer = new FileOutputStream(pty.b().toFile())) {
                peer.write("back\n".getBytes(StandardCharsets.US_ASCII));
            }
            Await.until("bytes after the reopen", () -> received.toString().contains("back"));
            assertThat(events).hasSize(2);
            assertThat(events.get(0)).startsWith("false: ");
            assertThat(events.get(1)).isEqualTo("true: port is back");
        }
    }
}
