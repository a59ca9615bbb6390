package org.mviot.edge.it.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.mviot.edge.it.core.TwinUpdates.change;
import static org.mviot.edge.it.core.TwinUpdates.definitionOf;
import static org.mviot.edge.it.core.TwinUpdates.is;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.api.twin.Command;
import org.mviot.edge.api.twin.CommandResult;
import org.mviot.edge.api.twin.CommandService;
import org.mviot.edge.api.twin.FeatureDefinition;
import org.mviot.edge.api.twin.GatewayIdentity;
import org.mviot.edge.api.twin.LinkStatus;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinPublisher;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.launcher.config.FeatureCatalog;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The core and the simulated driver, exactly as the distribution's {@code sim} feature ships them
 * (with the runtime and core features it requires), in a real Felix: device descriptor files in
 * {@code <mviot.conf>/devices} become devices whose samples reach a {@link TwinPublisher} registered
 * by the test; files are changed, removed and broken at run time; commands go down the
 * {@link CommandService} and through the {@code mviot:} shell commands. The sim driver's demo devices
 * stay off (no configuration for {@code org.mviot.edge.driver.sim}, so {@code demo=false}): only the
 * test's files make devices. Every test uses its own device ids, so they share one framework.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SimDevicesTest {

    private static final long TIMEOUT_S = 30;
    private static final String NAMESPACE = "org.mviot.edge";

    @Inject
    private BundleContext context;

    private final TwinUpdates updates = new TwinUpdates();
    private ServiceRegistration<TwinPublisher> publisher;
    private final List<Path> dropped = new ArrayList<>();
    private Path devices;

    @Configuration
    public Option[] config() throws Exception {
        Path home = Path.of(System.getProperty("mviot.distro.home"));
        Path work = org.mviot.edge.it.support.TempDirs.deletedOnExit("mviot-pax-core");
        Path conf = Files.createDirectories(work.resolve("conf"));
        Path devicesDir = Files.createDirectories(conf.resolve("devices"));
        Path data = Files.createDirectories(work.resolve("data"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        List<Option> options = new ArrayList<>();
        // as in the launcher (and RuntimeBundlesTest): SLF4J from the class path through the system bundle
        options.add(org.ops4j.pax.exam.CoreOptions.systemPackages("org.slf4j;version=2.0.17", "org.slf4j.event;version=2.0.17",
                "org.slf4j.helpers;version=2.0.17", "org.slf4j.spi;version=2.0.17"));
        for (String jar : List.of("org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component")) {
            try (var s = Files.list(home.resolve("lib"))) {
                Path p = s.filter(f -> f.getFileName().toString().startsWith(jar + "-")).findFirst().orElseThrow();
                options.add(org.ops4j.pax.exam.CoreOptions.bundle(p.toUri().toString()));
            }
        }
        // the sim feature requires core, which requires runtime: the bundles a sim-profile gateway starts
        var sim = FeatureCatalog.read(home.resolve("features"), home.resolve("system")).resolve(List.of("sim"), "test");
        for (Path p : FeatureCatalog.bundlesOf(sim)) {
            options.add(org.ops4j.pax.exam.CoreOptions.bundle(p.toUri().toString()));
        }
        options.add(frameworkProperty("mviot.conf").value(conf.toString()));
        options.add(frameworkProperty("mviot.data").value(data.toString()));
        options.add(frameworkProperty("mviot.gateway.id").value("it-gateway"));
        options.add(frameworkProperty("felix.fileinstall.dir").value(deploy.toString()));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(systemProperty("mviot.it.devices").value(devicesDir.toString()));
        options.add(junitBundles());
        options.add(cleanCaches());
        return options(options.toArray(new Option[0]));
    }

    @Before
    public void registerPublisherAndWaitForTheSimDriver() throws Exception {
        devices = Path.of(System.getProperty("mviot.it.devices"));
        publisher = context.registerService(TwinPublisher.class, updates, new Hashtable<>());
        service(Driver.class, "(" + Driver.NAME_PROPERTY + "=sim)");
        service(CommandService.class, null);
    }

    @After
    public void removeFilesAndPublisher() throws Exception {
        for (Path p : dropped) {
            Files.deleteIfExists(p);
        }
        publisher.unregister();
    }

    @Test
    public void aDroppedDescriptorBecomesADeviceWhoseDefinitionThenSamplesReachThePublisher() throws Exception {
        ThingId thing = thing("it-drop");
        int mark = updates.mark();
        drop("it-drop.json", """
                {"id": "it-drop", "driver": "sim", "description": "dropped by the test", "channels": [
                  {"name": "level", "type": "double", "unit": "m", "poll": "100ms",
                   "address": {"signal": "ramp", "min": "0", "max": "100", "period": "1000"}}
                ]}""");

        int def = updates.awaitAfter("the definition of " + thing, mark, TIMEOUT_S, TimeUnit.SECONDS, definitionOf(thing));
        TwinUpdate.Definition d = (TwinUpdate.Definition) updates.get(def);
        assertEquals("it-drop", d.device());
        assertEquals("sim", d.driver());
        assertEquals("dropped by the test", d.attributes().get("description"));
        FeatureDefinition level = d.features().stream().filter(f -> f.channel().equals("level")).findFirst().orElseThrow();
        assertEquals("level", level.feature());
        assertEquals("value", level.path());
        assertEquals("m", level.unit());

        int first = updates.awaitAfter("a value of level", mark, TIMEOUT_S, TimeUnit.SECONDS,
                change(thing, "level", "value", v -> v instanceof Double));
        assertTrue("the definition goes up before the device's values", def < first);
        Object firstValue = TwinUpdates.property(updates.get(first), thing, "level", "value").orElseThrow().value();
        int later = updates.awaitAfter("another value of level than " + firstValue, first + 1, TIMEOUT_S, TimeUnit.SECONDS,
                change(thing, "level", "value", v -> v instanceof Double && !v.equals(firstValue)));
        assertTrue("sequence numbers grow", updates.get(later).sequence() > updates.get(first).sequence());
        updates.awaitAfter(thing + " online", mark, TIMEOUT_S, TimeUnit.SECONDS, change(thing, "deviceStatus", "state", is("online")));
    }

    @Test
    public void aChangedDescriptorReconfiguresTheDevice() throws Exception {
        ThingId thing = thing("it-change");
        int mark = updates.mark();
        drop("it-change.json", """
                {"id": "it-change", "driver": "sim", "channels": [
                  {"name": "a", "type": "double", "poll": "100ms", "address": {"signal": "sine", "period": "2000"}}
                ]}""");
        updates.awaitAfter("a value of a", mark, TIMEOUT_S, TimeUnit.SECONDS, change(thing, "a", "value", v -> v instanceof Double));

        int changed = updates.mark();
        drop("it-change.json", """
                {"id": "it-change", "driver": "sim", "channels": [
                  {"name": "a", "type": "double", "poll": "100ms", "address": {"signal": "sine", "period": "2000"}},
                  {"name": "b", "type": "integer", "unit": "pcs", "poll": "100ms", "address": {"signal": "counter", "start": "1000"}}
                ]}""");
        int def = updates.awaitAfter("a new definition of " + thing, changed, TIMEOUT_S, TimeUnit.SECONDS, definitionOf(thing));
        List<String> channels = ((TwinUpdate.Definition) updates.get(def)).features().stream().map(FeatureDefinition::channel).toList();
        assertEquals(List.of("a", "b"), channels);
        updates.awaitAfter("a value of the new channel b", changed, TIMEOUT_S, TimeUnit.SECONDS,
                change(thing, "b", "value", v -> v instanceof Long l && l >= 1000));
        assertTrue(shell("mviot:channels it-change").contains("pcs"));
    }

    @Test
    public void aRemovedDescriptorTakesItsDeviceAwayAndOthersGoOn() throws Exception {
        ThingId removed = thing("it-remove");
        ThingId kept = thing("it-keep");
        int mark = updates.mark();
        Path file = drop("it-remove.json", """
                {"id": "it-remove", "driver": "sim", "channels": [
                  {"name": "n", "type": "integer", "poll": "50ms", "address": {"signal": "counter"}},
                  {"name": "sp", "type": "double", "access": "read_write", "poll": "50ms", "address": {"signal": "setpoint"}}
                ]}""");
        drop("it-keep.json", """
                {"id": "it-keep", "driver": "sim", "channels": [
                  {"name": "n", "type": "integer", "poll": "50ms", "address": {"signal": "counter"}}
                ]}""");
        updates.awaitAfter("a value of it-remove", mark, TIMEOUT_S, TimeUnit.SECONDS, change(removed, "n", "value", v -> true));
        updates.awaitAfter("a value of it-keep", mark, TIMEOUT_S, TimeUnit.SECONDS, change(kept, "n", "value", v -> true));
        assertTrue(shell("mviot:devices").contains("it-remove"));

        Files.delete(file);
        awaitShell("mviot:devices", out -> !out.contains("it-remove") && out.contains("it-keep"));
        assertTrue(shellFailure("mviot:channels it-remove").contains("no device 'it-remove'"));
        CommandResult r = execute(new Command("it-remove-1", removed, "sp", "value", 1.0, "it"));
        assertEquals(new CommandResult.Rejected("it-remove-1", "no device maps to twin " + removed), r);

        // The uplink sends once per merge window from one thread: changes taken before the removal go up at
        // the latest in the second window that ends after it. From the third on, only it-keep reports.
        int gone = updates.mark();
        int[] keep = new int[5];
        int from = gone;
        for (int i = 0; i < keep.length; i++) {
            keep[i] = updates.awaitAfter("it-keep still reporting", from, TIMEOUT_S, TimeUnit.SECONDS, change(kept, "n", "value", v -> true));
            from = keep[i] + 1;
        }
        for (int i = keep[2] + 1; i <= keep[4]; i++) {
            assertNotEquals("no update of the removed device's twin once it is gone", removed, updates.get(i).thing());
        }
    }

    @Test
    public void anInvalidDescriptorIsReportedWithFileAndJsonPathAndOtherDevicesKeepRunning() throws Exception {
        ThingId valid = thing("it-valid");
        int mark = updates.mark();
        drop("it-valid.json", """
                {"id": "it-valid", "driver": "sim", "channels": [
                  {"name": "n", "type": "integer", "poll": "100ms", "address": {"signal": "counter"}}
                ]}""");
        updates.awaitAfter("a value of it-valid", mark, TIMEOUT_S, TimeUnit.SECONDS, change(valid, "n", "value", v -> true));

        Path typo = drop("it-typo.json", """
                {"id": "it-typo", "driver": "sim", "channels": [
                  {"name": "flow", "type": "flaot", "poll": "1s", "address": {"signal": "sine"}}
                ]}""");
        Path broken = drop("it-broken.json", "{\"id\": \"it-broken\", \"driver\": ");
        String out = awaitShell("mviot:devices", o -> o.contains("it-typo.json") && o.contains("it-broken.json"));
        assertTrue(out, out.contains("INVALID " + typo + ": $.channels[0].type: device 'it-typo' channel 'flow': unknown channel type 'flaot'"));
        assertTrue(out, out.contains("INVALID " + broken + ": $: not valid JSON"));
        assertFalse("an invalid descriptor makes no device", out.lines().anyMatch(l -> l.startsWith("it-typo ") || l.startsWith("it-broken ")));
        assertTrue("the valid device stays online: " + out, out.lines().anyMatch(l -> l.startsWith("it-valid ") && l.contains(" online ")));

        int after = updates.mark();
        int next = updates.awaitAfter("it-valid reporting after the invalid files", after, TIMEOUT_S, TimeUnit.SECONDS,
                change(valid, "n", "value", v -> true));
        updates.awaitAfter("it-valid reporting again", next + 1, TIMEOUT_S, TimeUnit.SECONDS, change(valid, "n", "value", v -> true));
        for (TwinUpdate u : updates.all()) {
            assertFalse("no twin for an invalid descriptor", u.thing().equals(thing("it-typo")) || u.thing().equals(thing("it-broken")));
        }
    }

    @Test
    public void aCommandOnAWritableSetpointIsWrittenAnsweredDoneAndTheNewValueReported() throws Exception {
        ThingId thing = thing("it-command");
        int mark = updates.mark();
        drop("it-command.json", """
                {"id": "it-command", "driver": "sim", "channels": [
                  {"name": "setpoint", "type": "double", "unit": "Cel", "access": "read_write", "poll": "200ms",
                   "range": {"min": 0, "max": 100}, "address": {"signal": "setpoint", "initial": "20"}}
                ]}""");
        updates.awaitAfter("the initial setpoint", mark, TIMEOUT_S, TimeUnit.SECONDS, change(thing, "setpoint", "value", is(20.0)));

        int sent = updates.mark();
        CommandResult r = execute(new Command("it-command-1", thing, "setpoint", "value", 42.5, "it"));
        assertEquals(new CommandResult.Done("it-command-1", "it-command", "setpoint", 42.5), r);
        updates.awaitAfter("the written setpoint reported", sent, TIMEOUT_S, TimeUnit.SECONDS, change(thing, "setpoint", "value", is(42.5)));
    }

    @Test
    public void anOutOfRangeOrWronglyTypedCommandIsRejectedNamingDeviceAndChannel() throws Exception {
        ThingId thing = thing("it-refuse");
        int mark = updates.mark();
        drop("it-refuse.json", """
                {"id": "it-refuse", "driver": "sim", "channels": [
                  {"name": "setpoint", "type": "double", "unit": "Cel", "access": "read_write", "poll": "100ms",
                   "range": {"min": 0, "max": 100}, "address": {"signal": "setpoint", "initial": "20"}}
                ]}""");
        updates.awaitAfter("the initial setpoint", mark, TIMEOUT_S, TimeUnit.SECONDS, change(thing, "setpoint", "value", is(20.0)));

        CommandResult high = execute(new Command("it-refuse-1", thing, "setpoint", "value", 150, "it"));
        assertTrue(String.valueOf(high), high instanceof CommandResult.Rejected);
        String why = ((CommandResult.Rejected) high).reason();
        assertTrue(why, why.contains("device 'it-refuse' channel 'setpoint'") && why.contains("out of range [0.0, 100.0] Cel"));

        CommandResult text = execute(new Command("it-refuse-2", thing, "setpoint", "value", "hot", "it"));
        assertEquals(new CommandResult.Rejected("it-refuse-2", "device 'it-refuse' channel 'setpoint': expects a number, got string \"hot\""), text);

        CommandResult unknown = execute(new Command("it-refuse-3", thing, "nosuch", "value", 1, "it"));
        assertEquals(new CommandResult.Rejected("it-refuse-3", "twin " + thing + " has no writable property nosuch/value"), unknown);

        // the device was never written: a read after the refusals still shows the initial value
        int after = updates.mark();
        int next = updates.awaitAfter("a setpoint read after the refusals", after, TIMEOUT_S, TimeUnit.SECONDS,
                change(thing, "setpoint", "value", v -> true));
        assertEquals(20.0, TwinUpdates.property(updates.get(next), thing, "setpoint", "value").orElseThrow().value());
    }

    @Test
    public void theShellListsDevicesChannelsAndTwinsAndWritesAChannel() throws Exception {
        ThingId thing = thing("it-shell");
        int mark = updates.mark();
        drop("it-shell.json", """
                {"id": "it-shell", "driver": "sim", "channels": [
                  {"name": "temp", "type": "double", "unit": "Cel", "poll": "100ms", "address": {"signal": "sine", "offset": "50"}},
                  {"name": "target", "type": "integer", "access": "read_write", "poll": "100ms",
                   "range": {"min": 0, "max": 10}, "address": {"signal": "setpoint", "initial": "3"}}
                ]}""");
        updates.awaitAfter("it-shell online", mark, TIMEOUT_S, TimeUnit.SECONDS, change(thing, "deviceStatus", "state", is("online")));
        updates.awaitAfter("a value of target", mark, TIMEOUT_S, TimeUnit.SECONDS, change(thing, "target", "value", is(3L)));

        String devicesOut = shell("mviot:devices");
        assertTrue(devicesOut, devicesOut.lines().anyMatch(l -> l.matches("it-shell\\s+sim\\s+online\\s+.*")));
        assertTrue(devicesOut, devicesOut.contains("drivers installed: [sim]"));

        String channelsOut = awaitShell("mviot:channels it-shell", o -> o.lines().anyMatch(l -> l.startsWith("target ") && l.contains(" good ")));
        assertTrue(channelsOut, channelsOut.lines().anyMatch(l -> l.matches("temp\\s+double\\s+Cel\\s+read\\s+temp/value\\s+good\\s+.*")));
        assertTrue(channelsOut, channelsOut.lines().anyMatch(l -> l.matches("target\\s+integer\\s+read_write\\s+target/value\\s+good\\s+3(\\.0)?\\s.*")));

        String twinsOut = shell("mviot:twins");
        assertTrue(twinsOut, twinsOut.lines().anyMatch(l -> l.equals(thing + "  (device it-shell, online)")));
        assertTrue(twinsOut, twinsOut.lines().anyMatch(l -> l.matches("  target/value\\s+3\\s+good\\s+\\S+Z")));
        assertTrue(twinsOut, twinsOut.contains("uplink: held things="));

        int sent = updates.mark();
        String written = shell("mviot:write it-shell target 7");
        assertEquals("written: it-shell target = 7", written);
        updates.awaitAfter("the written target reported", sent, TIMEOUT_S, TimeUnit.SECONDS, change(thing, "target", "value", is(7L)));

        String refused = shellFailure("mviot:write it-shell target 11");
        assertTrue(refused, refused.startsWith("rejected: ") && refused.contains("device 'it-shell' channel 'target'") && refused.contains("out of range"));
        assertEquals("device 'it-shell' has no writable channel 'temp' (see: mviot:channels it-shell)", shellFailure("mviot:write it-shell temp 1"));
        assertEquals("no device 'nowhere' (see: mviot:devices)", shellFailure("mviot:channels nowhere"));
    }

    // --- helpers

    private static ThingId thing(String device) {
        return new ThingId(NAMESPACE, device);
    }

    /** Writes a descriptor the way an installer should: a hidden temporary file, then an atomic rename. */
    private Path drop(String name, String json) throws Exception {
        Path tmp = devices.resolve("." + name + ".tmp");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Path target = devices.resolve(name);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        dropped.add(target);
        return target;
    }

    private CommandResult execute(Command c) throws Exception {
        return service(CommandService.class, null).execute(c).toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    @Test
    public void theCoreRegistersOneGatewayIdentityFromTheProvisionedId() throws Exception {
        GatewayIdentity identity = service(GatewayIdentity.class, null);
        assertEquals("it-gateway", identity.gatewayId());
        assertEquals(new ThingId(NAMESPACE, "it-gateway"), identity.thing());
        assertEquals(1, context.getServiceReferences(GatewayIdentity.class, null).size());
    }

    @Test
    public void theGatewayTwinShowsThePublishersLinkAsTheOneLinkFeature() throws Exception {
        ThingId gateway = service(GatewayIdentity.class, null).thing();
        List<PropertyChange> link = new java.util.concurrent.CopyOnWriteArrayList<>();
        TwinPublisher cloud = new TwinPublisher() {
            @Override
            public boolean publish(TwinUpdate update) {
                if (update instanceof TwinUpdate.Changes c && c.thing().equals(gateway)) {
                    c.changes().stream().filter(p -> p.feature().equals(GatewayIdentity.LINK_FEATURE)).forEach(link::add);
                }
                return true;
            }

            @Override
            public java.util.Optional<LinkStatus> linkStatus() {
                return java.util.Optional.of(new LinkStatus(LinkStatus.State.CONNECTING, "tcp://127.0.0.1:1", java.time.Instant.EPOCH, 3, 0,
                        "connection refused"));
            }
        };
        ServiceRegistration<TwinPublisher> registration = context.registerService(TwinPublisher.class, cloud, new Hashtable<>());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (link.stream().noneMatch(p -> p.path().equals("lastError"))) {
                assertTrue("no link feature reported for " + gateway + " within " + TIMEOUT_S + " s", System.nanoTime() < deadline);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            assertTrue(link.stream().anyMatch(p -> p.path().equals("state") && "connecting".equals(p.value())));
            assertTrue(link.stream().anyMatch(p -> p.path().equals("lastError") && "connection refused".equals(p.value())));
        } finally {
            registration.unregister();
        }
    }

    private <T> T service(Class<T> type, String filter) throws Exception {
        String f = "(objectClass=" + type.getName() + ")";
        ServiceTracker<T, T> t = new ServiceTracker<>(context, context.createFilter(filter == null ? f : "(&" + f + filter + ")"), null);
        t.open();
        try {
            T s = t.waitForService(TimeUnit.SECONDS.toMillis(TIMEOUT_S));
            assertNotNull("no " + type.getSimpleName() + " service " + (filter == null ? "" : filter), s);
            return s;
        } finally {
            t.close();
        }
    }

    private String shell(String command) throws Exception {
        CommandProcessor processor = service(CommandProcessor.class, null);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(InputStream.nullInputStream(), out, out);
        try {
            return String.valueOf(session.execute(command));
        } finally {
            session.close();
        }
    }

    /** Runs a shell command that must fail; returns its failure's message. */
    private String shellFailure(String command) throws Exception {
        try {
            String out = shell(command);
            throw new AssertionError("'" + command + "' did not fail: " + out);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    /** Runs a shell command until its output satisfies the condition (the core scans its directory periodically). */
    private String awaitShell(String command, Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        String out = shell(command);
        while (!condition.test(out)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + command + "' never showed what was expected within " + TIMEOUT_S + " s; last output:\n" + out);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            out = shell(command);
        }
        return out;
    }
}
