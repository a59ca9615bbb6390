package org.mviot.edge.cloud.mqtt.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.testsupport.TestCertificates;
import org.mviot.edge.testsupport.TestCertificates.Issued;
import org.mviot.edge.testsupport.TestCertificates.KeyType;

/** The gateway twin's {@code tls} feature for certificates made by openssl here. */
class CertificateExpiryTest {

    @TempDir
    Path dir;

    @Test
    void aClientCertificateExpiringWithin30DaysIsWarnedAboutAndACaOfAYearIsNot() throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "ca", 365);
        Issued client = ca.issue("gw", KeyType.EC, 10);

        Map<String, Object> p = CertificateExpiry.of(ca.certificate(), client.certificate(), Instant.now());

        assertThat((Long) p.get("client.expiresInDays")).isBetween(9L, 10L);
        assertThat((Long) p.get("ca.expiresInDays")).isBetween(363L, 365L);
        assertThat(Instant.parse((String) p.get("client.notAfter"))).isAfter(Instant.now());
        assertThat((String) p.get("warning")).startsWith("client certificate " + client.certificate() + " expires in ")
                .doesNotContain("CA certificate");
    }

    @Test
    void aCaCertificateExpiringSoonAndAnUnreadableClientCertificateAreBothWarnedAbout() throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "ca", 5);
        Path missing = dir.resolve("gone.pem");

        Map<String, Object> p = CertificateExpiry.of(ca.certificate(), missing, Instant.now());

        assertThat(p).doesNotContainKey("client.notAfter");
        assertThat((String) p.get("warning")).contains("client certificate unreadable: " + missing + " does not exist")
                .contains("CA certificate " + ca.certificate() + " expires in 4 days");
    }

    @Test
    void nothingIsReportedWithoutTlsFiles() {
        assertThat(CertificateExpiry.of(null, null, Instant.now())).isEmpty();
    }
}
