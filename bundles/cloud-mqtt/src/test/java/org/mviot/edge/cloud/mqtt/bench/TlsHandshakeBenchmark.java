package org.mviot.edge.cloud.mqtt.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.mviot.edge.cloud.mqtt.internal.link.Tls;

/**
 * TLS handshake time to a Mosquitto on loopback (bench/tls-handshake.sh starts it): for TLS 1.3
 * and 1.2, the bare handshake (TCP connect + handshake with the link's socket factory, mutual TLS,
 * host name checked) and a whole MQTT v5 connection (Paho connect to CONNACK; the disconnect is not timed), each
 * against plain TCP. Prints the median and 90th percentile of N runs after N/5 warm-up runs.
 * Arguments: port-tls port-plain ca cert key [N].
 */
public final class TlsHandshakeBenchmark {

    private TlsHandshakeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tlsPort = Integer.parseInt(args[0]);
        int plainPort = Integer.parseInt(args[1]);
        Path ca = Path.of(args[2]);
        Path cert = Path.of(args[3]);
        Path key = Path.of(args[4]);
        int n = args.length > 5 ? Integer.parseInt(args[5]) : 200;
        SSLSocketFactory f = Tls.socketFactory(ca, cert, key);
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            report("handshake " + protocol + " (mTLS)", n, () -> {
                try (SSLSocket s = (SSLSocket) f.createSocket("127.0.0.1", tlsPort)) {
                    s.setEnabledProtocols(new String[] {protocol});
                    SSLParameters p = s.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    s.setSSLParameters(p);
                    s.startHandshake();
                    // not timed: closing waits for the peer's close_notify in TLS 1.3
                    paused.set(System.nanoTime());
                }
            });
        }
        report("TCP connect (no TLS)", n, () -> {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", plainPort)) {
                s.getInputStream().available();
            }
        });
        report("MQTT connect over TLS (mTLS, to CONNACK)", n, () -> mqtt("ssl://127.0.0.1:" + tlsPort, f));
        report("MQTT connect over TCP (to CONNACK)", n, () -> mqtt("tcp://127.0.0.1:" + plainPort, null));
    }

    private static void mqtt(String uri, SSLSocketFactory f) throws Exception {
        MqttClient c = new MqttClient(uri, "bench-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        if (f != null) {
            o.setSocketFactory(f);
        }
        c.connect(o);
        // not timed: Paho's clean disconnect waits for the broker to close, which says nothing of the handshake
        paused.set(System.nanoTime());
        c.disconnectForcibly(0, 1000, false);
        c.close();
    }

    /** When the timed part of a run ended early ({@code 0}: it did not). */
    private static final java.util.concurrent.atomic.AtomicLong paused = new java.util.concurrent.atomic.AtomicLong();

    private interface Run {
        void run() throws Exception;
    }

    private static void report(String what, int n, Run run) throws Exception {
        for (int i = 0; i < n / 5; i++) {
            run.run();
        }
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            paused.set(0);
            long t0 = System.nanoTime();
            run.run();
            long end = paused.get() == 0 ? System.nanoTime() : paused.get();
            micros.add((end - t0) / 1_000);
        }
        Collections.sort(micros);
        System.out.printf("%-42s n=%d median %.2f ms, p90 %.2f ms%n", what, n, micros.get(n / 2) / 1000.0, micros.get(n * 9 / 10) / 1000.0);
    }
}
