package org.mviot.edge.it.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.mviot.edge.it.support.TestBundles;
import org.mviot.edge.launcher.config.FeatureCatalog;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Our runtime feature's bundles, exactly as the distribution ships them, in a real Felix: DS and
 * Config Admin work, and a bundle dropped into the FileInstall directory activates, picks up its
 * configuration, and deactivates when removed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RuntimeBundlesTest {

    private static final long TIMEOUT_S = 30;
    private static final String HELLO_FILTER = "(mviot.it=hello)";

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws Exception {
        Path home = Path.of(System.getProperty("mviot.distro.home"));
        Path work = org.mviot.edge.it.support.TempDirs.deletedOnExit("mviot-pax");
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Path hello = TestBundles.hello(work.resolve("hello.jar"), "1.0.0");
        Path helloUpdate = TestBundles.hello(Files.createDirectories(work.resolve("v2")).resolve("hello.jar"), "1.0.1");
        List<Option> options = new ArrayList<>();
        // as in the launcher, SLF4J comes from the class path through the system bundle (slf4j-api 2 as a
        // bundle needs a ServiceLoader mediator to find its binding); the DS API jars are bundles here
        options.add(org.ops4j.pax.exam.CoreOptions.systemPackages("org.slf4j;version=2.0.17", "org.slf4j.event;version=2.0.17",
                "org.slf4j.helpers;version=2.0.17", "org.slf4j.spi;version=2.0.17"));
        for (String jar : List.of("org.osgi.util.function", "org.osgi.util.promise",
                "org.osgi.service.component")) {
            try (var s = Files.list(home.resolve("lib"))) {
                Path p = s.filter(f -> f.getFileName().toString().startsWith(jar + "-")).findFirst().orElseThrow();
                options.add(org.ops4j.pax.exam.CoreOptions.bundle(p.toUri().toString()));
            }
        }
        var runtime = FeatureCatalog.read(home.resolve("features"), home.resolve("system")).resolve(List.of("runtime"), "test");
        for (Path p : FeatureCatalog.bundlesOf(runtime)) {
            options.add(org.ops4j.pax.exam.CoreOptions.bundle(p.toUri().toString()));
        }
        options.add(frameworkProperty("felix.fileinstall.dir").value(deploy.toString()));
        options.add(frameworkProperty("felix.fileinstall.poll").value("100"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(systemProperty("mviot.it.deploy").value(deploy.toString()));
        options.add(systemProperty("mviot.it.hello").value(hello.toString()));
        options.add(systemProperty("mviot.it.hello.update").value(helloUpdate.toString()));
        options.add(junitBundles());
        options.add(cleanCaches());
        return options(options.toArray(new Option[0]));
    }

    @Test
    public void declarativeServicesRunsTheRuntimeBundlesComponents() {
        Bundle runtime = bundle("org.mviot.edge.runtime");
        assertEquals(Bundle.ACTIVE, runtime.getState());
        ComponentDescriptionDTO forwarder = scr.getComponentDescriptionDTOs(runtime).stream()
                .filter(d -> d.name.endsWith("LogForwarder")).findFirst().orElseThrow();
        ComponentConfigurationDTO c = scr.getComponentConfigurationDTOs(forwarder).iterator().next();
        assertEquals(ComponentConfigurationDTO.ACTIVE, c.state);
    }

    @Test
    public void configAdminStoresAndReturnsAConfiguration() throws Exception {
        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration("org.mviot.it.roundtrip", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("answer", 42);
        cfg.update(props);
        org.osgi.service.cm.Configuration[] found = configAdmin.listConfigurations("(service.pid=org.mviot.it.roundtrip)");
        assertNotNull(found);
        assertEquals(42, found[0].getProperties().get("answer"));
    }

    @Test
    public void bundleDroppedIntoDeployActivatesTakesConfigurationUpdatesWhenReplacedAndDeactivatesWhenRemoved() throws Exception {
        Path deploy = Path.of(System.getProperty("mviot.it.deploy"));
        ServiceTracker<Runnable, Runnable> tracker =
                new ServiceTracker<>(context, context.createFilter("(&(objectClass=java.lang.Runnable)" + HELLO_FILTER + ")"), null);
        tracker.open();
        try {
            Path dropped = TestBundles.drop(Path.of(System.getProperty("mviot.it.hello")), deploy);
            assertNotNull("the hot-deployed component never registered its service", tracker.waitForService(TIMEOUT_S * 1000));
            assertEquals(Bundle.ACTIVE, bundle(TestBundles.HELLO_BSN).getState());

            CountDownLatch reconfigured = awaitEvent(ServiceEvent.REGISTERED, "(greeting=hello from config admin)");
            org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration("org.mviot.it.hello", "?");
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("greeting", "hello from config admin");
            cfg.update(props);
            assertTrue("the component never saw its configuration", reconfigured.await(TIMEOUT_S, TimeUnit.SECONDS));

            CountDownLatch updated = new CountDownLatch(1);
            org.osgi.framework.BundleListener onUpdate = e -> {
                if (e.getType() == org.osgi.framework.BundleEvent.UPDATED
                        && TestBundles.HELLO_BSN.equals(e.getBundle().getSymbolicName())) {
                    updated.countDown();
                }
            };
            context.addBundleListener(onUpdate);
            TestBundles.drop(Path.of(System.getProperty("mviot.it.hello.update")), deploy);
            assertTrue("the replaced jar never updated the bundle", updated.await(TIMEOUT_S, TimeUnit.SECONDS));
            context.removeBundleListener(onUpdate);
            assertEquals("1.0.1", bundle(TestBundles.HELLO_BSN).getVersion().toString());
            assertNotNull("the updated bundle's component is not active", tracker.waitForService(TIMEOUT_S * 1000));

            CountDownLatch gone = awaitEvent(ServiceEvent.UNREGISTERING, HELLO_FILTER);
            Files.delete(dropped);
            assertTrue("the removed bundle's component never deactivated", gone.await(TIMEOUT_S, TimeUnit.SECONDS));
            CountDownLatch uninstalled = new CountDownLatch(1);
            context.addBundleListener(e -> {
                if (e.getType() == org.osgi.framework.BundleEvent.UNINSTALLED
                        && TestBundles.HELLO_BSN.equals(e.getBundle().getSymbolicName())) {
                    uninstalled.countDown();
                }
            });
            if (bundleOrNull(TestBundles.HELLO_BSN) != null) {
                assertTrue("the removed bundle was never uninstalled", uninstalled.await(TIMEOUT_S, TimeUnit.SECONDS));
            }
        } finally {
            tracker.close();
        }
    }

    private CountDownLatch awaitEvent(int type, String filter) throws Exception {
        CountDownLatch latch = new CountDownLatch(1);
        ServiceListener l = e -> {
            if (e.getType() == type) {
                latch.countDown();
            }
        };
        context.addServiceListener(l, filter);
        return latch;
    }

    private Bundle bundle(String bsn) {
        Bundle b = bundleOrNull(bsn);
        assertNotNull("bundle " + bsn + " is not installed", b);
        return b;
    }

    private Bundle bundleOrNull(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }
}
