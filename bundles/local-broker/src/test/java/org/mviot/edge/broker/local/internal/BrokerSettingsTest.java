package org.mviot.edge.broker.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.mviot.edge.testsupport.ComponentConfigs;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    @Test
    void listensOnLoopbackPort1883WhenNothingIsConfigured() {
        BrokerSettings s = BrokerSettings.resolve(ComponentConfigs.of(BrokerConfig.class, Map.of()), k -> null);

        assertThat(s).isEqualTo(new BrokerSettings("127.0.0.1", 1883));
        assertThat(s.address()).isEqualTo("127.0.0.1:1883");
    }

    @Test
    void takesThePortOfTheGatewaySettingsWhenConfigAdminSaysNothing() {
        assertThat(BrokerSettings.resolve(ComponentConfigs.of(BrokerConfig.class, Map.of()), Map.of("mviot.local.broker.port", "21883")::get).port()).isEqualTo(21883);
    }

    @Test
    void letsConfigAdminOverrideTheGatewaySettings() {
        BrokerSettings s = BrokerSettings.resolve(ComponentConfigs.of(BrokerConfig.class, Map.of("port", " 31883 ", "bind_address", "0.0.0.0")),
                Map.of("mviot.local.broker.port", "21883")::get);

        assertThat(s).isEqualTo(new BrokerSettings("0.0.0.0", 31883));
    }

    @Test
    void writesAnIpv6AddressInBrackets() {
        assertThat(BrokerSettings.resolve(ComponentConfigs.of(BrokerConfig.class, Map.of("bind_address", "::1")), k -> null).address()).isEqualTo("[::1]:1883");
    }

    @Test
    void refusesAMalformedPortNamingTheKeyAndTheValue() {
        assertThatThrownBy(() -> BrokerSettings.resolve(ComponentConfigs.of(BrokerConfig.class, Map.of("port", "18x3")), k -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port '18x3' (PID org.mviot.edge.broker.local): expected a TCP port number from 1 to 65535");
        assertThatThrownBy(() -> BrokerSettings.resolve(ComponentConfigs.of(BrokerConfig.class, Map.of("port", "70000")), k -> null)).hasMessageStartingWith("port '70000'");
    }

    @Test
    void refusesAMalformedGatewaySettingNamingIt() {
        assertThatThrownBy(() -> BrokerSettings.resolve(ComponentConfigs.of(BrokerConfig.class, Map.of()), Map.of("mviot.local.broker.port", "0")::get))
                .hasMessageStartingWith("local.broker.port '0' (gateway settings");
    }

    @Test
    void refusesABindAddressThatIsNoIpAddress() {
        assertThatThrownBy(() -> BrokerSettings.resolve(ComponentConfigs.of(BrokerConfig.class, Map.of("bind_address", "my-gateway.local")), k -> null))
                .hasMessageStartingWith("bind.address 'my-gateway.local' (PID org.mviot.edge.broker.local): expected an IP address");
        assertThatThrownBy(() -> BrokerSettings.resolve(ComponentConfigs.of(BrokerConfig.class, Map.of("bind_address", "127.0.0.256")), k -> null))
                .hasMessageStartingWith("bind.address '127.0.0.256'");
    }
}
