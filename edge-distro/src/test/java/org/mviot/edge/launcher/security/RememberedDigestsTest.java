package org.mviot.edge.launcher.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * The digests of recorded jars remembered between starts: a jar whose status is unchanged is not hashed
 * again; a jar changed in any way (its size and modification time kept) is, and is refused; a remembered
 * file that is malformed or that others can write is ignored, saying why, and written anew.
 */
class RememberedDigestsTest {

    @TempDir
    Path dir;

    private TrustAnchors trust;
    private Path system;
    private Path data;
    private Path jar;

    @BeforeEach
    void shipped() throws Exception {
        TestPki.Signer vendor = TestPki.selfSigned("CN=Trusted Vendor");
        TestPki.pem(vendor.certificate(), dir.resolve("anchors/vendor.pem"));
        trust = TrustAnchors.load(List.of(dir.resolve("anchors")));
        system = Files.createDirectories(dir.resolve("system"));
        data = Files.createDirectories(dir.resolve("data"));
        jar = TestPki.bundle(system.resolve("driver.jar"), "org.example.driver");
        vendor.sign(jar);
        RecordVerifiedBundles.record(system, trust);
    }

    /** One start's view: the record, remembering digests in the data directory. */
    private VerifiedBundles start() {
        return VerifiedBundles.load(system, trust, uid()).rememberingDigestsIn(RememberedDigests.load(data));
    }

    private int uid() {
        try {
            return (Integer) Files.getAttribute(dir, "unix:uid");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRecordedJarWhoseStatusIsUnchangedIsNotHashedAgainAtTheNextStart() throws Exception {
        VerifiedBundles first = start();
        assertThat(first.admits(jar, Instant.now())).isTrue();
        assertThat(first.digests().hashed()).isEqualTo(1);
        first.digests().save();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(RememberedDigests.FILE)))).isEqualTo("rw-------");

        VerifiedBundles second = start();
        assertThat(second.digests().unusedBecause()).isNull();
        assertThat(second.admits(jar, Instant.now())).isTrue();
        assertThat(second.digests().hashed()).isZero();
    }

    @Test
    void aJarChangedWithItsSizeAndModificationTimeKeptIsHashedAgainAndRefused() throws Exception {
        VerifiedBundles first = start();
        assertThat(first.admits(jar, Instant.now())).isTrue();
        first.digests().save();
        // one byte of the jar changed in place: same inode, same size, the modification time put back
        FileTime modified = Files.getLastModifiedTime(jar);
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(jar, bytes);
        Files.setLastModifiedTime(jar, modified);

        VerifiedBundles second = start();
        assertThat(second.admits(jar, Instant.now())).isFalse();
        assertThat(second.digests().hashed()).isEqualTo(1);
        // so the gate verifies it in full, and refuses it
        Framework felix = new FrameworkFactory().newFramework(Map.of(Constants.FRAMEWORK_STORAGE, dir.resolve("cache").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        felix.init();
        try {
            Bundle b = felix.getBundleContext().installBundle("reference:" + jar.toUri());
            SignedBundleGate gate = new SignedBundleGate(new BundleSignatureVerifier(trust), new FelixBundleContent(dir.resolve("cache")),
                    VerifiedBundles.load(system, trust, uid()).rememberingDigestsIn(RememberedDigests.load(data)));
            gate.guard(felix.getBundleContext());
            assertThat(gate.admittedByRecord()).isZero();
            assertThat(b.getState()).isEqualTo(Bundle.UNINSTALLED);
            assertThat(gate.refusals()).containsKey(b.getLocation());
        } finally {
            felix.stop();
            felix.waitForStop(10_000);
        }
    }

    @Test
    void aMalformedFileIsIgnoredSayingWhyAndWrittenAnew() throws Exception {
        Files.writeString(data.resolve(RememberedDigests.FILE), "0123 not a digest line\n");
        Files.setPosixFilePermissions(data.resolve(RememberedDigests.FILE), PosixFilePermissions.fromString("rw-------"));

        VerifiedBundles first = start();
        assertThat(first.digests().unusedBecause()).contains(RememberedDigests.FILE).contains("line 1 is malformed");
        assertThat(first.admits(jar, Instant.now())).isTrue();
        assertThat(first.digests().hashed()).isEqualTo(1);
        first.digests().save();

        VerifiedBundles second = start();
        assertThat(second.digests().unusedBecause()).isNull();
        assertThat(second.admits(jar, Instant.now())).isTrue();
        assertThat(second.digests().hashed()).isZero();
    }

    @Test
    void aFileOthersCanWriteIsIgnored() throws Exception {
        VerifiedBundles first = start();
        first.admits(jar, Instant.now());
        first.digests().save();
        Files.setPosixFilePermissions(data.resolve(RememberedDigests.FILE), PosixFilePermissions.fromString("rw-rw-rw-"));

        VerifiedBundles second = start();
        assertThat(second.digests().unusedBecause()).contains("writable by others");
        assertThat(second.admits(jar, Instant.now())).isTrue();
        assertThat(second.digests().hashed()).isEqualTo(1);
    }
}
