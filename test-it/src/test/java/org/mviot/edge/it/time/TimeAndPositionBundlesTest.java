package org.mviot.edge.it.time;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.mviot.edge.api.position.Position;
import org.mviot.edge.api.position.PositionService;
import org.mviot.edge.api.time.GatewayClock;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.launcher.config.FeatureCatalog;
import org.mviot.edge.testsupport.Await;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The timesync and position features exactly as the distribution ships them (with the core and the
 * serial port feature), in a real Felix with Config Admin: the gateway clock configured through
 * Config Admin synchronizes to a real chronyd and falls back after the hold-over; the position comes
 * from NMEA on a socat pseudo-terminal opened through the gateway's real (jssc) serial port service.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TimeAndPositionBundlesTest {

    @Inject
    private BundleContext context;

    private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();

    @Configuration
    public Option[] config() throws Exception {
        Path home = Path.of(System.getProperty("mviot.distro.home"));
        Path work = org.mviot.edge.it.support.TempDirs.deletedOnExit("mviot-pax-time");
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.createDirectories(conf.resolve("devices"));
        Path data = Files.createDirectories(work.resolve("data"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        List<Option> options = new ArrayList<>();
        // SLF4J and the test support from the class path through the system bundle
        options.add(org.ops4j.pax.exam.CoreOptions.systemPackages("org.slf4j;version=2.0.17", "org.slf4j.event;version=2.0.17",
                "org.slf4j.helpers;version=2.0.17", "org.slf4j.spi;version=2.0.17", "org.mviot.edge.testsupport"));
        for (String jar : List.of("org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component")) {
            try (var s = Files.list(home.resolve("lib"))) {
                Path p = s.filter(f -> f.getFileName().toString().startsWith(jar + "-")).findFirst().orElseThrow();
                options.add(org.ops4j.pax.exam.CoreOptions.bundle(p.toUri().toString()));
            }
        }
        FeatureCatalog catalog = FeatureCatalog.read(home.resolve("features"), home.resolve("system"));
        // the serial port service moves from driver-serial to its own transport feature: take whichever this distribution has
        String serial = Files.exists(home.resolve("features/transport-serial.feature")) ? "transport-serial" : "driver-serial";
        var features = catalog.resolve(List.of("timesync", "position", serial), "test");
        for (Path p : FeatureCatalog.bundlesOf(features)) {
            options.add(org.ops4j.pax.exam.CoreOptions.bundle(p.toUri().toString()));
        }
        options.add(frameworkProperty("mviot.conf").value(conf.toString()));
        options.add(frameworkProperty("mviot.data").value(data.toString()));
        options.add(frameworkProperty("felix.fileinstall.dir").value(deploy.toString()));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(org.ops4j.pax.exam.CoreOptions.systemProperty("mviot.it.work").value(work.toString()));
        options.add(junitBundles());
        options.add(cleanCaches());
        return options(options.toArray(new Option[0]));
    }

    @Test
    public void theGatewayClockSynchronizesToChronydThroughConfigAdminAndFallsBackAfterTheHoldOver() throws Exception {
        Path work = Path.of(System.getProperty("mviot.it.work"));
        GatewayClock clock;
        try (Chronyd chronyd = new Chronyd(work)) {
            configure("org.mviot.edge.timesync", "servers", new String[] {chronyd.hostPort()}, "poll.interval.s", 1, "holdover.s", 2,
                    "system.sources", false);
            clock = service(GatewayClock.class);
            GatewayClock c = clock;
            Await.until("the gateway clock to be synchronized to chronyd", () -> c.source() == TimeSource.SYNCED, () -> shell("time:status"));

            String status = shell("time:status");
            assertTrue(status, status.contains("via ntp " + chronyd.hostPort() + ", stratum 8"));
            // chronyd serves this host's clock: the gateway clock's true error is its distance from the system clock, within its bound
            long error = Math.abs(c.currentTimeMillis() - System.currentTimeMillis());
            assertTrue("error " + error + " ms, bound " + c.uncertaintyMillis() + " ms", c.uncertaintyMillis() >= 0 && error <= c.uncertaintyMillis() + 1);
        }
        GatewayClock c = clock;
        Await.until("the gateway clock to fall back to the system clock after the 2 s hold-over", () -> c.source() == TimeSource.SYSTEM_CLOCK,
                () -> shell("time:status"));
    }

    @Test
    public void thePositionComesFromAReceiverOnTheGatewaysSerialPortServiceAndGoesWhenTheFixIsLost() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("mviot.it.work")).resolve("pty"));
        try (NmeaReceiver receiver = new NmeaReceiver(work)) {
            // the component runs without configuration (no source); configuring it re-creates it: follow the service across that
            ServiceTracker<PositionService, PositionService> tracker = new ServiceTracker<>(context, PositionService.class, null);
            tracker.open();
            trackers.add(tracker);
            assertNotNull("no PositionService", tracker.waitForService(TimeUnit.SECONDS.toMillis(30)));
            configure("org.mviot.edge.position", "nmea.port", receiver.port().toString(), "nmea.baud", 9600, "fix.timeout.s", 3);
            Supplier<Optional<Position>> position = () -> {
                PositionService s = tracker.getService();
                return s == null ? Optional.empty() : s.position();
            };

            Position p = Await.value("a GNSS position through the serial port service", position);
            assertEquals(Position.Source.GNSS, p.source());
            assertEquals(48.1173, p.latitude(), 1e-9);
            String status = shell("position:status");
            assertTrue(status, status.contains("fix GNSS 3D, 8 satellites"));

            receiver.fix(false);
            Await.until("the position to be gone once the receiver reports no fix", () -> tracker.getService() != null && position.get().isEmpty(),
                    () -> shell("position:status"));
            status = shell("position:status");
            assertTrue(status, status.contains("no fix since") && status.contains("(no fix)"));
        }
    }

    @Test
    public void gnssTimeFromTheReceiverSetsTheGatewayClockWhenNoNtpServerAnswers() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("mviot.it.work")).resolve("gnss-time"));
        int nobody = org.mviot.edge.testsupport.FreePorts.udp(); // no NTP server there: every request goes unanswered
        try (NmeaReceiver receiver = new NmeaReceiver(work)) {
            configure("org.mviot.edge.position", "nmea.port", receiver.port().toString(), "nmea.baud", 9600, "fix.timeout.s", 3);
            configure("org.mviot.edge.timesync", "servers", new String[] {"127.0.0.1:" + nobody}, "poll.interval.s", 1, "holdover.s", 30,
                    "timeout.ms", 300, "system.sources", false);
            Await.until("the gateway clock synchronized to the GNSS receiver's time",
                    () -> shell("time:status").contains("via gnss nmea " + receiver.port()), () -> shell("time:status"));
            GatewayClock clock = service(GatewayClock.class); // the component configured above, now synchronized

            String status = shell("time:status");
            assertTrue(status, status.contains("SYNCED") && status.contains("no answer"));
            // the receiver writes the current UTC second: the clock is the system clock within the NMEA time's 500 ms bound and a second
            long error = Math.abs(clock.currentTimeMillis() - System.currentTimeMillis());
            assertTrue("error " + error + " ms", error <= 1500);
            assertTrue(status, clock.uncertaintyMillisAt(clock.currentTimeMillis()) >= 500);
        } finally {
            // the tests share one framework: leave no synchronized clock behind for the next one to mistake for its own
            service(ConfigurationAdmin.class).getConfiguration("org.mviot.edge.timesync", "?").delete();
            Await.until("the gateway clock gone with its configuration", () -> context.getServiceReference(GatewayClock.class) == null);
        }
    }

    @Test
    public void aReceiverUnpluggedFromTheSerialPortServiceLosesTheFixAtOnceAndRegainsItWhenPluggedBackIn() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("mviot.it.work")).resolve("replug"));
        ServiceTracker<PositionService, PositionService> tracker = new ServiceTracker<>(context, PositionService.class, null);
        tracker.open();
        trackers.add(tracker);
        assertNotNull("no PositionService", tracker.waitForService(TimeUnit.SECONDS.toMillis(30)));
        Supplier<Optional<Position>> position = () -> {
            PositionService s = tracker.getService();
            return s == null ? Optional.empty() : s.position();
        };
        Path port;
        try (NmeaReceiver receiver = new NmeaReceiver(work)) {
            port = receiver.port();
            // a fix timeout far longer than the wait below: only the port's going away can explain the loss
            configure("org.mviot.edge.position", "nmea.port", port.toString(), "nmea.baud", 9600, "fix.timeout.s", 120);
            // Config Admin applies the change asynchronously, and the previous test's fix may still be held (fix.timeout.s
            // 3): a position counts once the status names this port (read first) and a fix is there (read after it)
            Await.until("a GNSS position through the serial port service on " + port,
                    () -> shell("position:status").contains("NMEA " + port) && position.get().isPresent(), () -> shell("position:status"));
        }

        Await.until("the position to be gone once the receiver is unplugged", () -> position.get().isEmpty(), () -> shell("position:status"));
        String status = shell("position:status");
        assertTrue(status, status.contains("gone"));

        try (NmeaReceiver receiver = new NmeaReceiver(work)) {
            assertEquals(port, receiver.port());
            Await.value("the GNSS position back once the receiver is plugged in again", position);
        }
    }

    private void configure(String pid, Object... keyValues) throws Exception {
        ConfigurationAdmin admin = service(ConfigurationAdmin.class);
        Hashtable<String, Object> props = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        admin.getConfiguration(pid, "?").update(props);
    }

    /** Waits for a service; its tracker stays open until the test ends (Config Admin hands each user its own instance). */
    private <T> T service(Class<T> type) throws Exception {
        ServiceTracker<T, T> t = new ServiceTracker<>(context, type, null);
        t.open();
        trackers.add(t);
        T s = t.waitForService(TimeUnit.SECONDS.toMillis(30));
        assertNotNull("no " + type.getSimpleName() + " service", s);
        return s;
    }

    @After
    public void closeTrackers() {
        trackers.forEach(ServiceTracker::close);
        trackers.clear();
    }

    private String shell(String command) {
        try {
            CommandProcessor processor = service(CommandProcessor.class);
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
            CommandSession session = processor.createSession(InputStream.nullInputStream(), out, out);
            try {
                return String.valueOf(session.execute(command));
            } finally {
                session.close();
            }
        } catch (Exception e) {
            return command + " failed: " + e;
        }
    }
}
