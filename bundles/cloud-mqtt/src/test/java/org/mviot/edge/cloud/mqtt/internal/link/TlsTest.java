package org.mviot.edge.cloud.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.cloud.mqtt.internal.tls.ConnectFailure;
import org.mviot.edge.cloud.mqtt.internal.tls.PemFiles;
import org.mviot.edge.testsupport.FreePorts;
import org.mviot.edge.testsupport.PeerProcess;
import org.mviot.edge.testsupport.TestCertificates;
import org.mviot.edge.testsupport.TestCertificates.Issued;
import org.mviot.edge.testsupport.TestCertificates.KeyType;

/**
 * The link's TLS socket factory against a TLS server in this test, with certificates made by
 * openssl here: a CA, brokers (valid, expired, not yet valid, another host name) and RSA and EC
 * client certificates (valid, expired, not yet valid, with another certificate's key).
 */
class TlsTest {

    @TempDir
    static Path dir;
    static TestCertificates ca;
    static TestCertificates otherCa;
    static Issued broker;
    static Issued expiredBroker;
    static Issued futureBroker;
    static Issued otherHostBroker;
    static Issued gwRsa;
    static Issued gwEc;
    static Issued expiredClient;
    static Issued futureClient;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = TestCertificates.authority(dir, "test-ca", 2);
        otherCa = TestCertificates.authority(dir, "other-ca", 2);
        Instant now = Instant.now();
        broker = ca.issue("localhost", KeyType.RSA, 2, "DNS:localhost", "IP:127.0.0.1");
        expiredBroker = ca.issue("expired-broker", KeyType.EC, now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)), "DNS:localhost");
        futureBroker = ca.issue("future-broker", KeyType.EC, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)), "DNS:localhost");
        otherHostBroker = ca.issue("other-host", KeyType.EC, 2, "DNS:broker.example");
        gwRsa = ca.issue("gw-rsa", KeyType.RSA, 2);
        gwEc = ca.issue("gw-ec", KeyType.EC, 2);
        expiredClient = ca.issue("gw-expired", KeyType.EC, now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        futureClient = ca.issue("gw-future", KeyType.EC, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)));
        ca.openssl("pkey", "-in", gwRsa.key().toString(), "-traditional", "-out", "gw-rsa-traditional.key");
    }

    /**
     * A TLS server presenting {@code server} that demands a client certificate signed by the CA;
     * the client connects to {@code host} with endpoint identification on (as Paho does).
     *
     * @return the client's subject as the server saw it
     */
    private static String handshake(SSLSocketFactory client, Issued server, String host) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("broker", PemFiles.privateKey(server.key()), new char[0],
                PemFiles.certificates(server.certificate()).toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", PemFiles.certificates(ca.certificate()).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        try (SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ss.setNeedClientAuth(true);
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.startHandshake();
                    String subject = ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
                    s.getOutputStream().write(1);
                    return subject;
                } catch (IOException e) {
                    return "refused: " + e;
                }
            });
            try (SSLSocket s = (SSLSocket) client.createSocket(host, ss.getLocalPort())) {
                SSLParameters p = new SSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                s.startHandshake();
                assertThat(s.getInputStream().read()).isEqualTo(1);
            }
            return peer.join();
        }
    }

    private static String refusal(SSLSocketFactory client, Issued server, String host) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> handshake(client, server, host));
        assertThat(t).as("the handshake was refused").isNotNull();
        return ConnectFailure.explain(t, null);
    }

    @Test
    void trustsTheBrokerSignedByTheCaAndPresentsAnRsaClientCertificate() throws Exception {
        SSLSocketFactory f = Tls.socketFactory(ca.certificate(), gwRsa.certificate(), gwRsa.key());

        assertThat(handshake(f, broker, "localhost")).isEqualTo("CN=gw-rsa");
    }

    @Test
    void presentsAnEcClientCertificate() throws Exception {
        SSLSocketFactory f = Tls.socketFactory(ca.certificate(), gwEc.certificate(), gwEc.key());

        assertThat(handshake(f, broker, "localhost")).isEqualTo("CN=gw-ec");
    }

    @Test
    void enablesOnlyTls12AndTls13OnItsSockets() throws Exception {
        SSLSocketFactory f = Tls.socketFactory(ca.certificate(), null, null);

        try (SSLSocket s = (SSLSocket) f.createSocket()) {
            assertThat(s.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        }
    }

    @Test
    void refusesABrokerThatSpeaksOnlyTls11() throws Exception {
        int port = FreePorts.tcp();
        // openssl's own server, TLS 1.1 only; security level 0 because OpenSSL 3 refuses TLS 1.1 otherwise
        try (PeerProcess server = PeerProcess.start("openssl-tls1.1", List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
                "-tls1_1", "-cipher", "ALL:@SECLEVEL=0", "-cert", broker.certificate().toString(), "-key", broker.key().toString()))) {
            server.awaitListening(port);
            Process legacy = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_1", "-cipher", "ALL:@SECLEVEL=0")
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String said = new String(legacy.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(said).as("a TLS 1.1 client gets through: the server is a real TLS 1.1 server").contains("Protocol  : TLSv1.1")
                    .doesNotContain("Cipher is (NONE)");
            SSLSocketFactory f = Tls.socketFactory(ca.certificate(), null, null);

            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> {
                try (SSLSocket s = (SSLSocket) f.createSocket("127.0.0.1", port)) {
                    s.startHandshake();
                }
            });

            assertThat(t).isNotNull();
            assertThat(ConnectFailure.explain(t, null)).startsWith("the broker offers no TLS 1.2 or 1.3");
        }
    }

    @Test
    void refusesABrokerTheCaDidNotSignNamingTheCaFile() throws Exception {
        SSLSocketFactory f = Tls.socketFactory(otherCa.certificate(), gwEc.certificate(), gwEc.key());

        assertThat(refusal(f, broker, "localhost")).startsWith("broker certificate not trusted by " + otherCa.certificate())
                .contains("CN=localhost").contains("issued by CN=test-ca");
    }

    @Test
    void refusesAnExpiredBrokerCertificateSayingWhenItExpired() throws Exception {
        SSLSocketFactory f = Tls.socketFactory(ca.certificate(), gwEc.certificate(), gwEc.key());

        assertThat(refusal(f, expiredBroker, "localhost")).startsWith("broker certificate CN=expired-broker expired on ");
    }

    @Test
    void refusesABrokerCertificateNotYetValid() throws Exception {
        SSLSocketFactory f = Tls.socketFactory(ca.certificate(), gwEc.certificate(), gwEc.key());

        assertThat(refusal(f, futureBroker, "localhost")).startsWith("broker certificate CN=future-broker is not valid before ");
    }

    @Test
    void refusesABrokerWhoseCertificateNamesAnotherHost() throws Exception {
        SSLSocketFactory f = Tls.socketFactory(ca.certificate(), gwEc.certificate(), gwEc.key());

        assertThat(refusal(f, otherHostBroker, "localhost")).startsWith("broker host name localhost not in certificate CN=other-host")
                .contains("DNS:broker.example");
    }

    @Test
    void refusesAnExpiredClientCertificateBeforeConnecting() {
        assertThatThrownBy(() -> Tls.socketFactory(ca.certificate(), expiredClient.certificate(), expiredClient.key()))
                .isInstanceOf(IOException.class).hasMessageStartingWith("client certificate expired on ")
                .hasMessageContaining(expiredClient.certificate().toString());
    }

    @Test
    void refusesAClientCertificateNotYetValid() {
        assertThatThrownBy(() -> Tls.socketFactory(ca.certificate(), futureClient.certificate(), futureClient.key()))
                .isInstanceOf(IOException.class).hasMessageStartingWith("client certificate not valid before ")
                .hasMessageContaining(futureClient.certificate().toString());
    }

    @Test
    void refusesAKeyThatDoesNotMatchItsCertificateNamingBothFiles() {
        for (List<Issued> pair : List.of(List.of(gwRsa, gwEc), List.of(gwEc, expiredClient), List.of(gwEc, gwRsa))) {
            assertThatThrownBy(() -> Tls.socketFactory(ca.certificate(), pair.get(0).certificate(), pair.get(1).key()))
                    .isInstanceOf(IOException.class)
                    .hasMessage("client key " + pair.get(1).key() + " does not match certificate " + pair.get(0).certificate()
                            + " (CN=" + pair.get(0).certificate().getFileName().toString().replace(".pem", "") + ")");
        }
    }

    @Test
    void refusesACertificateWithoutItsKeyNamingBothSettings() {
        assertThatThrownBy(() -> Tls.socketFactory(ca.certificate(), gwRsa.certificate(), null))
                .isInstanceOf(IOException.class).hasMessageContaining("tls.certificate").hasMessageContaining("tls.key");
    }

    @Test
    void refusesAKeyThatIsNotPkcs8SayingHowToConvertIt() {
        assertThatThrownBy(() -> Tls.socketFactory(ca.certificate(), gwRsa.certificate(), dir.resolve("gw-rsa-traditional.key")))
                .isInstanceOf(IOException.class).hasMessageContaining("gw-rsa-traditional.key").hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void refusesACaFileWithoutCertificatesNamingIt() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");

        assertThatThrownBy(() -> Tls.socketFactory(empty, null, null)).isInstanceOf(IOException.class).hasMessageContaining("empty.pem");
    }

    @Test
    void refusesAMissingCaFileNamingIt() {
        Path missing = dir.resolve("missing-ca.pem");

        assertThatThrownBy(() -> Tls.socketFactory(missing, null, null)).isInstanceOf(IOException.class)
                .hasMessage(missing + " does not exist");
    }
}
