package org.mviot.edge.launcher.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.launcher.config.Feature;
import org.mviot.edge.launcher.config.FeatureStart;
import org.mviot.edge.launcher.config.StartPlan;
import org.mviot.edge.launcher.security.TestPki;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/** The after-ready start in a real Apache Felix: bundles started, a failing one named, a stop in the middle. */
class AfterReadyStartTest {

    @TempDir
    Path dir;

    private Framework felix;

    @BeforeEach
    void start() throws Exception {
        felix = new FrameworkFactory().newFramework(Map.of(Constants.FRAMEWORK_STORAGE, dir.resolve("cache").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        felix.start();
    }

    @AfterEach
    void stop() throws Exception {
        felix.stop();
        felix.waitForStop(10_000);
    }

    private Feature afterReady(String name, Path... jars) {
        return new Feature(name, name, List.of(), List.of(jars), List.of(), FeatureStart.AFTER_READY);
    }

    @Test
    void everyBundleOfTheAfterReadyFeaturesIsStartedTransientlyAndABadJarStopsOnlyItself() throws Exception {
        Path console = TestPki.bundle(dir.resolve("console.jar"), "org.example.console");
        Path broken = Path.of(dir.resolve("broken.jar").toString()); // never written: cannot be installed
        Path clock = TestPki.bundle(dir.resolve("clock.jar"), "org.example.clock");
        StartPlan plan = new StartPlan(List.of(), List.of(afterReady("console", console, broken), afterReady("clock", clock)));

        new AfterReadyStart(felix.getBundleContext(), plan, (ctx, jar) -> ctx.installBundle(jar.toUri().toString())).run();

        assertThat(stateOf("org.example.console")).isEqualTo(Bundle.ACTIVE);
        assertThat(stateOf("org.example.clock")).isEqualTo(Bundle.ACTIVE);
        // transient: the next run's framework start does not start them before ready
        for (Bundle b : felix.getBundleContext().getBundles()) {
            if (b.getBundleId() != 0) {
                assertThat(b.adapt(org.osgi.framework.startlevel.BundleStartLevel.class).isPersistentlyStarted())
                        .as("%s persistently started", b.getSymbolicName()).isFalse();
            }
        }
    }

    @Test
    void aStopThatComesWhileTheFeaturesInstallEndsTheStartWithoutTryingTheRest() throws Exception {
        List<Path> tried = new ArrayList<>();
        // Ctrl-C right after ready: the framework stops before the first install reaches it
        new AfterReadyStart(felix.getBundleContext(), threeBundlePlan(), (ctx, jar) -> {
            tried.add(jar);
            stopFramework();
            return ctx.installBundle(jar.toUri().toString());
        }).run();

        assertThat(felix.getState()).isEqualTo(Bundle.RESOLVED);
        assertThat(tried).as("installs tried").containsExactly(dir.resolve("console.jar"));
    }

    @Test
    void anInstallRefusedBecauseTheFrameworkIsStoppingIsTheStopNotAFaultOfTheBundle() throws Exception {
        List<Path> tried = new ArrayList<>();
        // what Felix throws while it stops: a BundleException, as for a bad jar; the framework's state tells them apart
        new AfterReadyStart(felix.getBundleContext(), threeBundlePlan(), (ctx, jar) -> {
            tried.add(jar);
            stopFramework();
            throw new BundleException("the framework has been shutdown");
        }).run();

        assertThat(tried).as("installs tried").containsExactly(dir.resolve("console.jar"));
    }

    private StartPlan threeBundlePlan() throws Exception {
        Path console = TestPki.bundle(dir.resolve("console.jar"), "org.example.console");
        Path timesync = TestPki.bundle(dir.resolve("timesync.jar"), "org.example.timesync");
        Path position = TestPki.bundle(dir.resolve("position.jar"), "org.example.position");
        return new StartPlan(List.of(), List.of(afterReady("web-console", console, timesync), afterReady("position", position)));
    }

    private void stopFramework() {
        try {
            felix.stop();
            felix.waitForStop(10_000);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private int stateOf(String symbolicName) {
        for (Bundle b : felix.getBundleContext().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b.getState();
            }
        }
        return Bundle.UNINSTALLED;
    }
}
