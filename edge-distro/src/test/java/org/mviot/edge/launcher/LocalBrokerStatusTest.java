package org.mviot.edge.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class LocalBrokerStatusTest {

    private static final String JSON = """
            {
              "gateway": {
                "id": "gw"
              },
              "localBroker": {
                "uri": "tcp://127.0.0.1:1883",
                "credentialsFile": "/var/lib/mviot-edge/local-broker/credentials.properties"
              },
              "devices": []
            }""";
    private static final String TEXT = "gateway  gw\nlocal    MQTT broker tcp://127.0.0.1:1883, logins in F\n\nno devices\n";

    @TempDir
    Path data;

    private void logins(String text) throws Exception {
        Path f = LocalBrokerLogin.file(data);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    @Test
    void aReadableLoginFileAddsUserAndPasswordToTheJsonWhichStaysValid() throws Exception {
        logins("client.username=client\nclient.password=s3cr\"et\ngateway.username=gw\ngateway.password=never-shown\n");
        String out = new LocalBrokerStatus(data).addLogin(JSON, true);
        JsonObject broker = JsonParser.parseString(out).getAsJsonObject().getAsJsonObject("localBroker");
        assertThat(broker.get("user").getAsString()).isEqualTo("client");
        assertThat(broker.get("password").getAsString()).isEqualTo("s3cr\"et");
        assertThat(broker.get("uri").getAsString()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(out).doesNotContain("never-shown");
    }

    @Test
    void aMissingLoginFileIsNamedAsTheProblemWithoutAPassword() {
        String out = new LocalBrokerStatus(data).addLogin(JSON, true);
        JsonObject broker = JsonParser.parseString(out).getAsJsonObject().getAsJsonObject("localBroker");
        assertThat(broker.get("password").isJsonNull()).isTrue();
        assertThat(broker.get("loginProblem").getAsString()).contains(LocalBrokerLogin.file(data).toString()).contains("does not exist yet");
    }

    @Test
    void theTextGetsALoginLineRightAfterTheLocalBrokerLine() throws Exception {
        logins("client.username=client\nclient.password=pw1\n");
        assertThat(new LocalBrokerStatus(data).addLogin(TEXT, false))
                .isEqualTo("gateway  gw\nlocal    MQTT broker tcp://127.0.0.1:1883, logins in F\nlogin    user client, password pw1\n\nno devices\n");
    }

    @Test
    void aGatewayWithoutLocalBrokerKeepsItsAnswerUnchanged() throws Exception {
        logins("client.username=client\nclient.password=pw1\n");
        String json = "{\n  \"localBroker\": null\n}";
        assertThat(new LocalBrokerStatus(data).addLogin(json, true)).isEqualTo(json);
        assertThat(new LocalBrokerStatus(data).addLogin("gateway  gw\n", false)).isEqualTo("gateway  gw\n");
    }
}
