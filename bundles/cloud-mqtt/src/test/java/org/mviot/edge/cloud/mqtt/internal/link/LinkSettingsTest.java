package org.mviot.edge.cloud.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.mviot.edge.testsupport.ComponentConfigs;
import org.junit.jupiter.api.Test;
import org.mviot.edge.api.twin.GatewayIdentity;
import org.mviot.edge.api.twin.ThingId;

class LinkSettingsTest {

    /** The core's decision, as the service gives it. */
    record Identity(String gatewayId, ThingId thing) implements GatewayIdentity {
        static Identity of(String namespace, String id) {
            return new Identity(id, new ThingId(namespace, id));
        }
    }

    private static final Identity GW7 = Identity.of("org.mviot.edge", "gw-7");
    private static final Identity DEFAULT = Identity.of("org.mviot.edge", "gateway");

    private static final Map<String, String> PROVISIONED = Map.of("mviot.broker.uri", "ssl://cloud.example:8883", 
            "mviot.broker.username", "alice", "mviot.broker.password", "s3cret", "mviot.broker.tls.ca", "/etc/mviot/ca.pem",
            "mviot.broker.topic.prefix", "plant/a", "mviot.data", "/var/lib/mviot");

    @Test
    void takesWhatProvisioningWroteWhenConfigAdminSaysNothing() {
        LinkSettings s = LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of()), PROVISIONED::get, GW7);

        assertThat(s.brokerUris()).containsExactly("ssl://cloud.example:8883");
        assertThat(s.clientId()).isEqualTo("gw-7");
        assertThat(s.username()).isEqualTo("alice");
        assertThat(s.password()).isEqualTo("s3cret");
        assertThat(s.tlsCa()).isEqualTo(Path.of("/etc/mviot/ca.pem"));
        assertThat(s.tlsCertificate()).isNull();
        assertThat(s.topics()).isEqualTo(new Topics("plant/a", "gw-7"));
        assertThat(s.queue().dir()).isEqualTo(Path.of("/var/lib/mviot", "cloud-mqtt", "queue"));
    }

    @Test
    void usesBuiltInDefaultsWithNothingProvisioned() {
        LinkSettings s = LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of()), k -> null, DEFAULT);

        assertThat(s.brokerUris()).isEmpty();
        assertThat(s.clientId()).isEqualTo("gateway");
        assertThat(s.username()).isEmpty();
        assertThat(s.tlsCa()).isNull();
        assertThat(s.topics().prefix()).isEqualTo("mviot");
        assertThat(s.keepaliveSeconds()).isEqualTo(30);
        assertThat(s.reconnectInitialMillis()).isEqualTo(500);
        assertThat(s.reconnectMaxMillis()).isEqualTo(30_000);
        assertThat(s.queue().dir()).isEqualTo(Path.of("data", "cloud-mqtt", "queue"));
    }

    @Test
    void connectsToTheLocalBrokerWhenNoCloudBrokerIsProvisioned() {
        LinkSettings s = LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of()), Map.of("mviot.local.broker.uri", "tcp://127.0.0.1:21883")::get, DEFAULT);

        assertThat(s.brokerUris()).containsExactly("tcp://127.0.0.1:21883");
    }

    @Test
    void prefersTheProvisionedOrConfiguredBrokerToTheLocalOne() {
        Map<String, String> both = Map.of("mviot.broker.uri", "ssl://cloud.example:8883", "mviot.local.broker.uri", "tcp://127.0.0.1:1883");

        assertThat(LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of()), both::get, DEFAULT).brokerUris()).containsExactly("ssl://cloud.example:8883");
        assertThat(LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of("broker_uris", "tcp://other:1883")), Map.of("mviot.local.broker.uri",
                "tcp://127.0.0.1:1883")::get, DEFAULT).brokerUris()).containsExactly("tcp://other:1883");
    }

    @Test
    void logsInWithTheLocalBrokersGatewayLoginOnlyWhenItConnectsToTheLocalBroker() {
        Map<String, String> local = Map.of("mviot.local.broker.uri", "tcp://127.0.0.1:1883",
                "mviot.local.broker.credentials", "/var/lib/mviot/local-broker/credentials.properties");
        Map<String, String> cloudToo = new java.util.HashMap<>(local);
        cloudToo.put("mviot.broker.uri", "ssl://cloud.example:8883");

        assertThat(LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of()), local::get, DEFAULT).localBrokerLogins())
                .isEqualTo(Path.of("/var/lib/mviot/local-broker/credentials.properties"));
        // the local broker's password never goes to a cloud broker, provisioned or configured
        assertThat(LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of()), cloudToo::get, DEFAULT).localBrokerLogins()).isNull();
        assertThat(LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of("broker_uris", "tcp://other:1883")), local::get, DEFAULT)
                .localBrokerLogins()).isNull();
    }

    @Test
    void takesTheGatewayTwinAndTheDefaultClientIdFromTheCoresIdentityNotFromFrameworkProperties() {
        Identity core = Identity.of("plant.a", "dam-gate-7");
        Map<String, String> stale = Map.of("mviot.gateway.id", "something-else");

        LinkSettings s = LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of()), stale::get, core);
        assertThat(s.gatewayThing()).isEqualTo(new ThingId("plant.a", "dam-gate-7"));
        assertThat(s.clientId()).isEqualTo("dam-gate-7");
        assertThat(s.topics()).isEqualTo(new Topics("mviot", "dam-gate-7"));
        // a client id set apart changes the MQTT session, never the twin
        assertThat(LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of("client_id", "mqtt-client-x")), stale::get, core).gatewayThing())
                .isEqualTo(new ThingId("plant.a", "dam-gate-7"));
    }

    @Test
    void letsConfigAdminOverrideTheProvisionedValues() {
        LinkSettings s = LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of("broker_uris", "tcp://local:1883", "client_id", "other", "topic_prefix", "x")),
                PROVISIONED::get, GW7);

        assertThat(s.brokerUris()).containsExactly("tcp://local:1883");
        assertThat(s.clientId()).isEqualTo("other");
        assertThat(s.topics().prefix()).isEqualTo("x");
    }

    @Test
    void readsTheFailoverListInOrderSkippingBlanks() {
        LinkSettings s = LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of("broker_uris", " tcp://a:1883 ,, mqtts://b:8883 , ws://c:80/mqtt ,")),
                k -> null, DEFAULT);

        assertThat(s.brokerUris()).containsExactly("tcp://a:1883", "mqtts://b:8883", "ws://c:80/mqtt");
        assertThat(s.pahoUris()).containsExactly("tcp://a:1883", "ssl://b:8883", "ws://c:80/mqtt");
    }

    @Test
    void refusesABrokerUriWithAnUnknownSchemeNamingIt() {
        assertThatThrownBy(() -> LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of("broker_uris", "tcp://a:1883,http://b:80")), k -> null, DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broker.uris").hasMessageContaining("'http://b:80'")
                .hasMessageContaining("expected tcp://host:port");
    }

    @Test
    void refusesABrokerUriThatIsNoUriNamingIt() {
        assertThatThrownBy(() -> LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of("broker_uris", "tcp://a b:1883")), k -> null, DEFAULT))
                .hasMessageContaining("broker.uris 'tcp://a b:1883'");
    }

    @Test
    void refusesAClientIdMqttOrTopicsCannotCarry() {
        assertThatThrownBy(() -> LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of("client_id", "gw/1")), k -> null, DEFAULT))
                .hasMessageContaining("client.id 'gw/1'").hasMessageContaining("expected 1-64 letters");
    }

    @Test
    void refusesATopicPrefixWithWildcardsOrOuterSlashes() {
        for (String bad : List.of("a/#", "+", "/a", "a/")) {
            assertThatThrownBy(() -> LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of("topic_prefix", bad)), k -> null, DEFAULT)).as(bad)
                    .hasMessageContaining("topic.prefix '" + bad + "'");
        }
    }

    @Test
    void refusesReconnectDelaysOutOfOrder() {
        assertThatThrownBy(() -> LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of("reconnect_initial_ms", 5_000L, "reconnect_max_ms", 1_000L)),
                k -> null, DEFAULT)).hasMessageContaining("reconnect.initial.ms (5000)").hasMessageContaining("reconnect.max.ms (1000)");
    }

    @Test
    void refusesNumbersBelowTheirMinimumNamingKeyAndValue() {
        assertThatThrownBy(() -> LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of("max_inflight", 0)), k -> null, DEFAULT))
                .hasMessage("max.inflight is 0: expected at least 1");
        assertThatThrownBy(() -> LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of("keepalive_seconds", -1)), k -> null, DEFAULT))
                .hasMessage("keepalive.seconds is -1: expected at least 0");
        assertThatThrownBy(() -> LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of("command_timeout_ms", 0L)), k -> null, DEFAULT))
                .hasMessageContaining("command.timeout.ms");
    }

    @Test
    void commandLimitsDefaultToTheReadmesTableAndAnInconsistentPairIsRefusedNamingBothKeys() {
        LinkSettings s = LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of()), k -> null, DEFAULT);
        assertThat(s.limits()).isEqualTo(org.mviot.edge.cloud.mqtt.internal.input.InputLimits.DEFAULTS);
        assertThat(s.limits().maxPacketBytes()).isEqualTo(262_144);

        assertThatThrownBy(() -> LinkSettings.resolve(ComponentConfigs.of(LinkConfig.class, Map.of("max_packet_bytes", 4096, "command_max_bytes", 65_536)), k -> null, DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("command.max.bytes (65536)")
                .hasMessageContaining("max.packet.bytes (4096)");
    }
}
