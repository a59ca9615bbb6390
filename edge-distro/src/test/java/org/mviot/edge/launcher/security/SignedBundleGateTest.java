package org.mviot.edge.launcher.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/** The gate and the resolver hook in a real Apache Felix, with bundles installed the ways a gateway installs them. */
class SignedBundleGateTest {

    @TempDir
    Path dir;

    private TestPki.Signer trusted;
    private TestPki.Signer stranger;
    private Framework felix;
    private Path cache;

    @BeforeEach
    void start() throws Exception {
        trusted = TestPki.selfSigned("CN=Trusted Vendor");
        stranger = TestPki.selfSigned("CN=Stranger");
        TestPki.pem(trusted.certificate(), dir.resolve("anchors/vendor.pem"));
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

    private SignedBundleGate gate() throws Exception {
        return new SignedBundleGate(new BundleSignatureVerifier(TrustAnchors.load(List.of(dir.resolve("anchors")))),
                new FelixBundleContent(cache));
    }

    private Path bundle(String name, TestPki.Signer signer) throws Exception {
        Path jar = TestPki.bundle(dir.resolve(name + ".jar"), "org.example." + name);
        if (signer != null) {
            signer.sign(jar);
        }
        return jar;
    }

    private boolean resolves(Bundle b) {
        return felix.adapt(FrameworkWiring.class).resolveBundles(List.of(b)) && b.getState() == Bundle.RESOLVED;
    }

    @Test
    void aSignedBundleInstalledFromAStreamResolvesAndAnUnsignedOneIsUninstalledWithItsReason() throws Exception {
        SignedBundleGate gate = gate();
        felix.start();
        BundleContext ctx = felix.getBundleContext();
        gate.guard(ctx);

        Bundle good;
        try (InputStream in = Files.newInputStream(bundle("good", trusted))) {
            good = ctx.installBundle("file:/deploy/good.jar", in); // as FileInstall installs from deploy/
        }
        assertThat(resolves(good)).isTrue();

        Bundle bad;
        try (InputStream in = Files.newInputStream(bundle("unsigned", null))) {
            bad = ctx.installBundle("file:/deploy/unsigned.jar", in);
        }
        assertThat(bad.getState()).isEqualTo(Bundle.UNINSTALLED);
        assertThat(ctx.getBundles()).doesNotContain(bad);
        assertThat(gate.refusals()).containsKey("file:/deploy/unsigned.jar");
        assertThat(gate.refusals().get("file:/deploy/unsigned.jar")).startsWith("not signed");
    }

    @Test
    void bundlesInstalledByReferenceAndByUrlAreVerifiedAsTheShellInstallsThem() throws Exception {
        SignedBundleGate gate = gate();
        felix.start();
        BundleContext ctx = felix.getBundleContext();
        gate.guard(ctx);

        Bundle byReference = ctx.installBundle("reference:" + bundle("ref", trusted).toUri());
        Bundle byUrl = ctx.installBundle(bundle("url", trusted).toUri().toString());
        Bundle otherKey = ctx.installBundle(bundle("other", stranger).toUri().toString());
        assertThat(resolves(byReference)).isTrue();
        assertThat(resolves(byUrl)).isTrue();
        assertThat(otherKey.getState()).isEqualTo(Bundle.UNINSTALLED);
        assertThat(gate.refusals().get(otherKey.getLocation())).contains("CN=Stranger");
    }

    @Test
    void anUpdateToATamperedJarIsRefusedAndTheBundleRemoved() throws Exception {
        SignedBundleGate gate = gate();
        felix.start();
        BundleContext ctx = felix.getBundleContext();
        gate.guard(ctx);
        Path jar = bundle("driver", trusted);
        Bundle b = ctx.installBundle("reference:" + jar.toUri());
        assertThat(resolves(b)).isTrue();

        byte[] bytes = TestPki.read(jar, "org/example/Driver.class");
        bytes[0] ^= 0x7f;
        TestPki.rewrite(jar, "org/example/Driver.class", bytes);
        b.update(); // as the shell's "update ID" does after the file changed
        assertThat(b.getState()).isEqualTo(Bundle.UNINSTALLED);
        assertThat(gate.refusals().get(b.getLocation())).startsWith("tampered").contains("org/example/Driver.class");
    }

    @Test
    void bundlesAlreadyInstalledWhenTheGateIsSetUpAreVerifiedTooAndTheUnsignedRemoved() throws Exception {
        // as the launcher installs system/ and finds the cache of an earlier run before the gate is set up
        BundleContext ctx = felix.getBundleContext();
        Bundle signed = ctx.installBundle("reference:" + bundle("shipped", trusted).toUri());
        Bundle earlier = ctx.installBundle(bundle("from-an-unsigned-past", null).toUri().toString());
        gate().guard(ctx);
        felix.start();
        assertThat(earlier.getState()).isEqualTo(Bundle.UNINSTALLED);
        assertThat(resolves(signed)).isTrue();
    }

    @Test
    void aBundlePutOffUntilAfterReadyCannotResolveBeforeItsCheckAndIsVerifiedThen() throws Exception {
        // as the launcher finds the cached bundles of after-ready features (the web console) at a later start
        BundleContext ctx = felix.getBundleContext();
        Bundle early = ctx.installBundle("reference:" + bundle("core", trusted).toUri());
        Bundle console = ctx.installBundle("reference:" + bundle("console", trusted).toUri());
        Path changedJar = bundle("clock", trusted);
        Bundle clock = ctx.installBundle("reference:" + changedJar.toUri());
        SignedBundleGate gate = gate();
        gate.guard(ctx, b -> b != early);
        felix.start();
        // changed on disk after the gate saw it: the check after ready must still find it
        byte[] bytes = TestPki.read(changedJar, "org/example/Driver.class");
        bytes[0] ^= 0x7f;
        TestPki.rewrite(changedJar, "org/example/Driver.class", bytes);

        assertThat(resolves(early)).isTrue();
        assertThat(resolves(console)).as("not verified yet").isFalse();
        assertThat(clock.getState()).isEqualTo(Bundle.INSTALLED);
        assertThat(gate.refusals()).isEmpty();

        gate.checkPutOff();
        assertThat(resolves(console)).isTrue();
        assertThat(clock.getState()).isEqualTo(Bundle.UNINSTALLED);
        assertThat(gate.refusals().get(clock.getLocation())).startsWith("tampered").contains("org/example/Driver.class");
    }

    @Test
    void theResolverHookAloneKeepsAnUnverifiedRevisionFromResolvingUntilItIsAdmitted() throws Exception {
        UnverifiedBundleResolverHook hook = new UnverifiedBundleResolverHook();
        felix.start();
        BundleContext ctx = felix.getBundleContext();
        ctx.registerService(ResolverHookFactory.class, hook, null);
        // installed by a path that no gate watches
        Bundle b = ctx.installBundle("reference:" + bundle("sneaky", null).toUri());
        assertThat(resolves(b)).isFalse();
        assertThat(b.getState()).isEqualTo(Bundle.INSTALLED);

        hook.admit(b.adapt(BundleRevision.class));
        assertThat(resolves(b)).isTrue();
    }

    @Test
    void whileAnUnverifiedBundleIsInstalledVerifiedOnesStillResolveAgainstTheSystemBundle() throws Exception {
        // Felix drops every resolved provider from a resolve once a hook's filterResolvable removed anything
        UnverifiedBundleResolverHook hook = new UnverifiedBundleResolverHook();
        felix.start();
        BundleContext ctx = felix.getBundleContext();
        ctx.registerService(ResolverHookFactory.class, hook, null);
        Bundle sneaky = ctx.installBundle("reference:" + bundle("sneaky", null).toUri());
        Bundle driver = ctx.installBundle("reference:" + TestPki.bundle(dir.resolve("driver.jar"), "org.example.driver",
                Map.of("Import-Package", "org.osgi.framework")).toUri());
        hook.admit(driver.adapt(BundleRevision.class));

        assertThat(resolves(driver)).isTrue();
        felix.adapt(FrameworkWiring.class).resolveBundles(null); // every unresolved bundle at once
        assertThat(sneaky.getState()).isEqualTo(Bundle.INSTALLED);
    }

    @Test
    void anUnverifiedBundleIsNeitherWiredAsAProviderNorAttachedAsAFragment() throws Exception {
        UnverifiedBundleResolverHook hook = new UnverifiedBundleResolverHook();
        felix.start();
        BundleContext ctx = felix.getBundleContext();
        ctx.registerService(ResolverHookFactory.class, hook, null);
        Bundle provider = ctx.installBundle("reference:" + TestPki.bundle(dir.resolve("provider.jar"), "org.example.provider",
                Map.of("Export-Package", "org.example.api")).toUri());
        Bundle user = ctx.installBundle("reference:" + TestPki.bundle(dir.resolve("user.jar"), "org.example.user",
                Map.of("Import-Package", "org.example.api")).toUri());
        Bundle host = ctx.installBundle("reference:" + bundle("host", null).toUri());
        Bundle fragment = ctx.installBundle("reference:" + TestPki.bundle(dir.resolve("fragment.jar"), "org.example.fragment",
                Map.of("Fragment-Host", "org.example.host")).toUri());
        hook.admit(user.adapt(BundleRevision.class));
        hook.admit(host.adapt(BundleRevision.class));

        assertThat(resolves(user)).as("its only provider is not verified").isFalse();
        assertThat(provider.getState()).isEqualTo(Bundle.INSTALLED);
        assertThat(resolves(host)).isTrue();
        assertThat(fragment.getState()).isEqualTo(Bundle.INSTALLED);

        hook.admit(provider.adapt(BundleRevision.class));
        assertThat(resolves(user)).isTrue();
    }

    @Test
    void whatAJarSaysReachesTheLogOnOneBoundedLine() throws Exception {
        // an entry name is the jar author's text: it is quoted with control characters escaped and cut at 200 characters
        Path jar = TestPki.rewrite(bundle("crafted", trusted), "x\n2026-12-07 INFO forged line.class", new byte[] {1});
        BundleSignatureVerifier.Verdict v = new BundleSignatureVerifier(TrustAnchors.load(List.of(dir.resolve("anchors")))).verify(jar);
        assertThat(v.reason()).contains("\n");
        String quoted = SignedBundleGate.quote(v.reason() + "y".repeat(500));
        assertThat(quoted).doesNotContain("\n").contains("x\\u000a2026-12-07 INFO forged line.class").endsWith("...'");
        assertThat(quoted.length()).isLessThan(210);
    }
}
