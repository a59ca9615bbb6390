package org.mviot.edge.launcher.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.launcher.security.BundleSignatureVerifier.Verdict;

class BundleSignatureVerifierTest {

    private static TestPki.Signer vendorCa;
    private static TestPki.Signer vendor;
    private static TestPki.Signer stranger;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        vendorCa = TestPki.selfSigned("CN=Vendor Root CA");
        vendor = TestPki.issuedBy(vendorCa, "CN=Vendor Driver Signing", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(90)));
        stranger = TestPki.selfSigned("CN=Someone Else");
    }

    private BundleSignatureVerifier trusting(TestPki.Signer... anchors) throws Exception {
        for (int i = 0; i < anchors.length; i++) {
            TestPki.pem(anchors[i].certificate(), dir.resolve("anchors/a" + i + ".pem"));
        }
        return new BundleSignatureVerifier(TrustAnchors.load(List.of(dir.resolve("anchors"))));
    }

    private Path signedBy(TestPki.Signer signer, String name) throws Exception {
        Path jar = TestPki.bundle(dir.resolve(name), "org.example.driver");
        signer.sign(jar);
        return jar;
    }

    @Test
    void aJarSignedByATrustedSelfSignedCertificateIsTrusted() throws Exception {
        Verdict v = trusting(stranger).verify(signedBy(stranger, "self.jar"));
        assertThat(v.trusted()).as(v.reason()).isTrue();
        assertThat(v.signer()).isEqualTo("CN=Someone Else");
    }

    @Test
    void aJarSignedByACertificateThatATrustedCaIssuedIsTrusted() throws Exception {
        Verdict v = trusting(vendorCa).verify(signedBy(vendor, "chained.jar"));
        assertThat(v.trusted()).as(v.reason()).isTrue();
        assertThat(v.signer()).isEqualTo("CN=Vendor Driver Signing");
    }

    @Test
    void anUnsignedJarIsRefusedAsNotSigned() throws Exception {
        Verdict v = trusting(vendorCa).verify(TestPki.bundle(dir.resolve("plain.jar"), "org.example.plain"));
        assertThat(v.trusted()).isFalse();
        assertThat(v.reason()).startsWith("not signed");
    }

    @Test
    void aJarSignedWithAnotherKeyIsRefusedNamingItsSigner() throws Exception {
        Verdict v = trusting(vendorCa).verify(signedBy(stranger, "other.jar"));
        assertThat(v.trusted()).isFalse();
        assertThat(v.reason()).contains("signed by CN=Someone Else").contains("does not chain to a trust anchor");
    }

    @Test
    void aClassModifiedAfterSigningIsRefusedAsTamperedNamingTheEntry() throws Exception {
        Path jar = signedBy(vendor, "tampered.jar");
        byte[] original = TestPki.read(jar, "org/example/Driver.class");
        original[3] ^= 0x01;
        TestPki.rewrite(jar, "org/example/Driver.class", original);
        Verdict v = trusting(vendorCa).verify(jar);
        assertThat(v.trusted()).isFalse();
        assertThat(v.reason()).startsWith("tampered").contains("org/example/Driver.class");
    }

    @Test
    void anEntryAddedAfterSigningIsRefusedEvenThoughEveryOtherEntryVerifies() throws Exception {
        Path jar = TestPki.rewrite(signedBy(vendor, "added.jar"), "org/example/Backdoor.class", "evil".getBytes(StandardCharsets.UTF_8));
        Verdict v = trusting(vendorCa).verify(jar);
        assertThat(v.trusted()).isFalse();
        assertThat(v.reason()).contains("org/example/Backdoor.class").contains("not covered by the signature");
    }

    @Test
    void aManifestMainAttributeChangedAfterSigningIsRefused() throws Exception {
        Path jar = signedBy(vendor, "manifest.jar");
        String mf = new String(TestPki.read(jar, "META-INF/MANIFEST.MF"), StandardCharsets.UTF_8);
        assertThat(mf).contains("Bundle-Version: 1.0.0");
        TestPki.rewrite(jar, "META-INF/MANIFEST.MF", mf.replace("Bundle-Version: 1.0.0", "Bundle-Version: 9.0.0")
                .getBytes(StandardCharsets.UTF_8));
        Verdict v = trusting(vendorCa).verify(jar);
        assertThat(v.trusted()).isFalse();
        assertThat(v.reason()).startsWith("tampered");
    }

    @Test
    void aSignerWhoseCertificateHasExpiredIsRefused() throws Exception {
        TestPki.Signer expired = TestPki.issuedBy(vendorCa, "CN=Expired Signer", Instant.now().minus(Duration.ofDays(30)),
                Instant.now().minus(Duration.ofDays(1)));
        Verdict v = trusting(vendorCa).verify(signedBy(expired, "expired.jar"));
        assertThat(v.trusted()).isFalse();
        assertThat(v.reason()).contains("CN=Expired Signer");
    }

    @Test
    void aJarSignedByTwoSignersIsTrustedWhenOneOfThemChainsToAnAnchor() throws Exception {
        Path jar = signedBy(stranger, "two.jar");
        vendor.sign(jar);
        Verdict v = trusting(vendorCa).verify(jar);
        assertThat(v.trusted()).as(v.reason()).isTrue();
        assertThat(v.signer()).isEqualTo("CN=Vendor Driver Signing");
    }

    @Test
    void withoutTrustAnchorsNothingIsTrusted() throws Exception {
        Verdict v = new BundleSignatureVerifier(TrustAnchors.load(List.of(dir.resolve("none")))).verify(signedBy(vendor, "x.jar"));
        assertThat(v.trusted()).isFalse();
        assertThat(v.reason()).contains("no trust anchor");
    }

    @Test
    void aFileThatIsNotAJarIsRefusedSayingSo() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.jar"), "this is not a zip archive");
        Verdict v = trusting(vendorCa).verify(garbage);
        assertThat(v.trusted()).isFalse();
        assertThat(v.reason()).containsAnyOf("not a jar", "cannot be read");
    }

    @Test
    void onlyTheManifestAndSignatureFilesCountAsSignatureFiles() {
        assertThat(BundleSignatureVerifier.isSignatureFile("META-INF/MANIFEST.MF")).isTrue();
        assertThat(BundleSignatureVerifier.isSignatureFile("META-INF/TEST.SF")).isTrue();
        assertThat(BundleSignatureVerifier.isSignatureFile("META-INF/test.ec")).isTrue();
        assertThat(BundleSignatureVerifier.isSignatureFile("META-INF/SIG-X")).isTrue();
        // anything else must be signed, in META-INF/ or not
        assertThat(BundleSignatureVerifier.isSignatureFile("META-INF/sub/TEST.SF")).isFalse();
        assertThat(BundleSignatureVerifier.isSignatureFile("META-INF/services/org.example.Spi")).isFalse();
        assertThat(BundleSignatureVerifier.isSignatureFile("OSGI-INF/TEST.SF")).isFalse();
    }
}
