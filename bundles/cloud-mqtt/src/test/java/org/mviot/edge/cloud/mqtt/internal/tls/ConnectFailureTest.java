package org.mviot.edge.cloud.mqtt.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.file.Path;

import javax.net.ssl.SSLHandshakeException;

import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/** What an installer reads for the failures Paho reports with a reason code or a nested TLS exception. */
class ConnectFailureTest {

    private static MqttException wrapped(Throwable cause) {
        return new MqttException(MqttException.REASON_CODE_CLIENT_EXCEPTION, cause);
    }

    @Test
    void aRefusedConnackSaysWhatTheBrokerRefused() {
        assertThat(ConnectFailure.explain(new MqttException(134), null)).isEqualTo("broker refused: bad user name or password (MQTT reason code 134)");
        assertThat(ConnectFailure.explain(new MqttException(135), null)).isEqualTo("broker refused: not authorized (MQTT reason code 135)");
    }

    @Test
    void aBrokerCertificateRefusalNestedInPahosExceptionIsToldAsIs() {
        Throwable e = wrapped(new SSLHandshakeException("PKIX path building failed"));
        e.getCause().initCause(new BrokerCertificateException("broker certificate not trusted by /etc/ca.pem: CN=x issued by CN=y", null));

        assertThat(ConnectFailure.explain(e, null)).isEqualTo("broker certificate not trusted by /etc/ca.pem: CN=x issued by CN=y");
    }

    @Test
    void aTlsAlertFromTheBrokerNamesTheClientCertificate() {
        Path cert = Path.of("/etc/mviot-edge/keys/client.pem");

        assertThat(ConnectFailure.explain(wrapped(new SSLHandshakeException("Received fatal alert: certificate_required")), null))
                .startsWith("broker refused: it requires a client certificate");
        assertThat(ConnectFailure.explain(wrapped(new SSLHandshakeException("Received fatal alert: unknown_ca")), cert))
                .isEqualTo("broker refused client certificate /etc/mviot-edge/keys/client.pem: not signed by a CA it trusts, or not accepted "
                        + "(TLS alert unknown_ca)");
        assertThat(ConnectFailure.explain(wrapped(new SSLHandshakeException("Received fatal alert: protocol_version")), null))
                .startsWith("the broker offers no TLS 1.2 or 1.3");
    }

    @Test
    void aRefusedTcpConnectionAsksWhetherTheBrokerRuns() {
        assertThat(ConnectFailure.explain(wrapped(new ConnectException("Connection refused")), null))
                .isEqualTo("connection refused: is the broker running and the port right?");
    }
}
