package org.mviot.edge.launcher.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.launcher.config.ConfigException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The record of bundles verified at install time: what it admits by digest in a real Apache Felix,
 * and every case where it must not (a changed jar, a record others can change, an anchor no longer
 * trusted, an expired verdict, a copy elsewhere), where the jar is verified in full as without it.
 */
class VerifiedBundlesTest {

    @TempDir
    Path dir;

    private TestPki.Signer vendor;
    private Path system;
    private TrustAnchors trust;
    private Framework felix;
    private Path cache;

    @BeforeEach
    void start() throws Exception {
        vendor = TestPki.selfSigned("CN=Trusted Vendor");
        TestPki.pem(vendor.certificate(), dir.resolve("anchors/vendor.pem"));
        trust = TrustAnchors.load(List.of(dir.resolve("anchors")));
        system = Files.createDirectories(dir.resolve("system"));
        cache = dir.resolve("cache");
        felix = new FrameworkFactory().newFramework(Map.of(Constants.FRAMEWORK_STORAGE, cache.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        felix.init();
    }

    @AfterEach
    void stop() throws Exception {
        felix.stop();
        felix.waitForStop(10_000);
    }

    private Path shipped(String name) throws Exception {
        Path jar = TestPki.bundle(system.resolve(name + ".jar"), "org.example." + name);
        vendor.sign(jar);
        return jar;
    }

    /** The record as the gateway reads it, owned by whoever runs the test (root on a gateway). */
    private VerifiedBundles load(TrustAnchors anchors) throws Exception {
        return VerifiedBundles.load(system, anchors, (Integer) Files.getAttribute(dir, "unix:uid"));
    }

    private SignedBundleGate gate() throws Exception {
        return new SignedBundleGate(new BundleSignatureVerifier(trust), new FelixBundleContent(cache), load(trust));
    }

    private boolean resolves(Bundle b) {
        return felix.adapt(FrameworkWiring.class).resolveBundles(List.of(b)) && b.getState() == Bundle.RESOLVED;
    }

    @Test
    void aRecordedBundleIsAdmittedByItsDigestAndResolvesWithoutBeingVerifiedAgain() throws Exception {
        Path jar = shipped("driver");
        assertThat(RecordVerifiedBundles.record(system, trust)).isEqualTo(1);
        BundleContext ctx = felix.getBundleContext();
        Bundle b = ctx.installBundle("reference:" + jar.toUri());
        SignedBundleGate gate = gate();
        gate.guard(ctx);
        felix.start();

        assertThat(gate.admittedByRecord()).isEqualTo(1);
        assertThat(resolves(b)).isTrue();
    }

    @Test
    void aRecordedBundlePutOffUntilAfterReadyIsAdmittedByItsDigestOnlyWhenChecked() throws Exception {
        Path early = shipped("driver");
        Path late = shipped("console");
        RecordVerifiedBundles.record(system, trust);
        BundleContext ctx = felix.getBundleContext();
        Bundle driver = ctx.installBundle("reference:" + early.toUri());
        Bundle console = ctx.installBundle("reference:" + late.toUri());
        SignedBundleGate gate = gate();
        gate.guard(ctx, b -> b == console);
        felix.start();
        assertThat(gate.admittedByRecord()).isEqualTo(1);
        assertThat(resolves(console)).isFalse();

        gate.checkPutOff();
        assertThat(gate.admittedByRecord()).isEqualTo(2);
        assertThat(resolves(console)).isTrue();
        assertThat(resolves(driver)).isTrue();
    }

    @Test
    void aRecordedJarChangedAfterwardsIsVerifiedInFullAndRefusedAsTampered() throws Exception {
        Path jar = shipped("driver");
        RecordVerifiedBundles.record(system, trust);
        byte[] bytes = TestPki.read(jar, "org/example/Driver.class");
        bytes[0] ^= 0x7f;
        TestPki.rewrite(jar, "org/example/Driver.class", bytes);
        BundleContext ctx = felix.getBundleContext();
        Bundle b = ctx.installBundle("reference:" + jar.toUri());
        SignedBundleGate gate = gate();
        gate.guard(ctx);

        assertThat(gate.admittedByRecord()).isZero();
        assertThat(b.getState()).isEqualTo(Bundle.UNINSTALLED);
        assertThat(gate.refusals().get(b.getLocation())).startsWith("tampered").contains("org/example/Driver.class");
    }

    @Test
    void anUnsignedJarPutInTheRecordedDirectoryUnderARecordedNameIsRefused() throws Exception {
        Path jar = shipped("driver");
        RecordVerifiedBundles.record(system, trust);
        TestPki.bundle(jar, "org.example.driver"); // replaced by an unsigned one of the same name
        BundleContext ctx = felix.getBundleContext();
        Bundle b = ctx.installBundle("reference:" + jar.toUri());
        SignedBundleGate gate = gate();
        gate.guard(ctx);

        assertThat(gate.admittedByRecord()).isZero();
        assertThat(gate.refusals().get(b.getLocation())).startsWith("not signed");
    }

    @Test
    void aRecordThatOthersThanRootCanChangeIsNotUsedAndSaysWhy() throws Exception {
        Path jar = shipped("driver");
        RecordVerifiedBundles.record(system, trust);
        Files.setPosixFilePermissions(system.resolve(VerifiedBundles.FILE), PosixFilePermissions.fromString("rw-rw-rw-"));

        VerifiedBundles record = load(trust);
        assertThat(record.unusedBecause()).contains(VerifiedBundles.FILE);
        assertThat(record.admits(jar, Instant.now())).isFalse();
        // the jar itself is still good: verified in full, it is admitted
        BundleContext ctx = felix.getBundleContext();
        Bundle b = ctx.installBundle("reference:" + jar.toUri());
        SignedBundleGate gate = gate();
        gate.guard(ctx);
        felix.start();
        assertThat(gate.admittedByRecord()).isZero();
        assertThat(resolves(b)).isTrue();
    }

    @Test
    void aRecordMadeWithAnAnchorThatIsNoLongerTrustedIsNotUsed() throws Exception {
        Path jar = shipped("driver");
        TestPki.pem(TestPki.selfSigned("CN=Former Vendor").certificate(), dir.resolve("anchors/former.pem"));
        RecordVerifiedBundles.record(system, TrustAnchors.load(List.of(dir.resolve("anchors"))));
        Files.delete(dir.resolve("anchors/former.pem"));

        VerifiedBundles record = load(TrustAnchors.load(List.of(dir.resolve("anchors"))));
        assertThat(record.unusedBecause()).contains("no longer trusted");
        assertThat(record.admits(jar, Instant.now())).isFalse();
    }

    @Test
    void aRecordedVerdictIsNotUsedPastTheEndOfTheSignersCertificate() throws Exception {
        Path jar = shipped("driver");
        RecordVerifiedBundles.record(system, trust);
        VerifiedBundles record = load(trust);

        assertThat(record.admits(jar, Instant.now())).isTrue();
        assertThat(record.admits(jar, vendor.certificate().getNotAfter().toInstant().plus(Duration.ofSeconds(1)))).isFalse();
    }

    @Test
    void aCopyOfARecordedJarOutsideTheRecordedDirectoryIsNotAdmittedByTheRecord() throws Exception {
        Path jar = shipped("driver");
        RecordVerifiedBundles.record(system, trust);
        Path copy = Files.createDirectories(dir.resolve("deploy")).resolve(jar.getFileName());
        Files.copy(jar, copy);

        assertThat(load(trust).admits(copy, Instant.now())).isFalse();
    }

    @Test
    void recordingRefusesADirectoryWithAnUnsignedJarNamingItAndWritesNoRecord() throws Exception {
        shipped("driver");
        TestPki.bundle(system.resolve("unsigned.jar"), "org.example.unsigned");

        assertThatThrownBy(() -> RecordVerifiedBundles.record(system, trust)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unsigned.jar").hasMessageContaining("not signed");
        assertThat(system.resolve(VerifiedBundles.FILE)).doesNotExist();
    }
}
