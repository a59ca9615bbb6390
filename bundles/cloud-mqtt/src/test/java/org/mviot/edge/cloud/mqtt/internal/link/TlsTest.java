package org.mviot.edge.cloud.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads PEM files made by openssl here: a CA, a broker certificate and RSA and EC client certificates. */
class TlsTest {

    @TempDir
    static Path dir;

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("openssl %s: %s", String.join(" ", args), out).isZero();
    }

    private static void signed(String name, String keyAlgorithm, String... keyOptions) throws Exception {
        List<String> req = new ArrayList<>(List.of("req", "-newkey", keyAlgorithm));
        req.addAll(List.of(keyOptions));
        req.addAll(List.of("-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name));
        openssl(req.toArray(String[]::new));
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", name + ".pem",
                "-days", "2");
    }

    @BeforeAll
    static void makeCertificates() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=test-ca");
        signed("localhost", "rsa:2048");
        signed("gw-rsa", "rsa:2048");
        signed("gw-ec", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1");
        openssl("pkcs12", "-export", "-in", "localhost.pem", "-inkey", "localhost.key", "-out", "broker.p12", "-passout", "pass:pw");
        openssl("pkey", "-in", "gw-rsa.key", "-traditional", "-out", "gw-rsa-traditional.key");
    }

    /** A TLS server with the broker's certificate that demands a client certificate signed by the CA; returns the client's subject. */
    private static String handshake(SSLSocketFactory client) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("broker.p12"))) {
            ks.load(in, "pw".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        // the server trusts the same CA: the factory under test supplies both sides' trust material
        server.init(kmf.getKeyManagers(), trustOnlyCa(), null);
        try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            ss.setNeedClientAuth(true);
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.startHandshake();
                    String subject = ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
                    s.getOutputStream().write(1);
                    return subject;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (SSLSocket s = (SSLSocket) client.createSocket(ss.getInetAddress(), ss.getLocalPort())) {
                s.startHandshake();
                assertThat(s.getInputStream().read()).isEqualTo(1);
            }
            return peer.join();
        }
    }

    private static javax.net.ssl.TrustManager[] trustOnlyCa() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    @Test
    void trustsTheBrokerSignedByTheCaAndPresentsAnRsaClientCertificate() throws Exception {
        SSLSocketFactory f = Tls.socketFactory(dir.resolve("ca.pem"), dir.resolve("gw-rsa.pem"), dir.resolve("gw-rsa.key"));

        assertThat(handshake(f)).isEqualTo("CN=gw-rsa");
    }

    @Test
    void presentsAnEcClientCertificate() throws Exception {
        SSLSocketFactory f = Tls.socketFactory(dir.resolve("ca.pem"), dir.resolve("gw-ec.pem"), dir.resolve("gw-ec.key"));

        assertThat(handshake(f)).isEqualTo("CN=gw-ec");
    }

    @Test
    void refusesABrokerTheCaDidNotSign() throws Exception {
        // the client trusts only the broker's own certificate as a CA, which did not sign itself
        SSLSocketFactory f = Tls.socketFactory(dir.resolve("gw-ec.pem"), dir.resolve("gw-ec.pem"), dir.resolve("gw-ec.key"));

        assertThatThrownBy(() -> handshake(f)).isInstanceOf(Exception.class);
    }

    @Test
    void refusesACertificateWithoutItsKeyNamingBothSettings() {
        assertThatThrownBy(() -> Tls.socketFactory(dir.resolve("ca.pem"), dir.resolve("gw-rsa.pem"), null))
                .isInstanceOf(IOException.class).hasMessageContaining("tls.certificate").hasMessageContaining("tls.key");
    }

    @Test
    void refusesAKeyThatIsNotPkcs8SayingHowToConvertIt() {
        assertThatThrownBy(() -> Tls.socketFactory(dir.resolve("ca.pem"), dir.resolve("gw-rsa.pem"), dir.resolve("gw-rsa-traditional.key")))
                .isInstanceOf(IOException.class).hasMessageContaining("gw-rsa-traditional.key").hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void refusesACaFileWithoutCertificatesNamingIt() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");

        assertThatThrownBy(() -> Tls.socketFactory(empty, null, null)).isInstanceOf(IOException.class).hasMessageContaining("empty.pem");
    }
}
