package org.mviot.edge.broker.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mviot.edge.broker.local.internal.HiveMqBrokerTest.config;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LanPermissionsTest {

    @Test
    void byDefaultLocalClientsReadTwinsAndStateUnderTheProvisionedPrefixAndWriteNothing() {
        assertThat(LanPermissions.resolve(config(Map.of()), k -> null))
                .isEqualTo(new LanPermissions(List.of("mviot/+/twin/#", "mviot/+/state"), List.of()));
        assertThat(LanPermissions.resolve(config(Map.of()), Map.of("mviot.broker.topic.prefix", "plant7")::get).read())
                .containsExactly("plant7/+/twin/#", "plant7/+/state");
    }

    @Test
    void grantsAreCommaSeparatedTopicFilters() {
        LanPermissions p = LanPermissions.resolve(config(Map.of("lan_write", " mviot/+/commands/# ", "lan_read",
                "mviot/+/twin/#, mviot/+/responses/#,")), k -> null);

        assertThat(p.write()).containsExactly("mviot/+/commands/#");
        assertThat(p.read()).containsExactly("mviot/+/twin/#", "mviot/+/responses/#");
    }

    @Test
    void anInvalidFilterIsAnErrorNamingTheKeyAndTheFilterEscaped() {
        assertThatThrownBy(() -> LanPermissions.resolve(config(Map.of("lan_write", "mviot/#/commands")), k -> null))
                .hasMessage("lan.write 'mviot/#/commands' (PID org.mviot.edge.broker.local): '#' must be a whole level and the last one");
        assertThatThrownBy(() -> LanPermissions.resolve(config(Map.of("lan_read", "mviot/gw+/twin")), k -> null))
                .hasMessageStartingWith("lan.read 'mviot/gw+/twin'").hasMessageEndingWith("'+' must be a whole level");
        assertThatThrownBy(() -> LanPermissions.resolve(config(Map.of("lan_read", "a\nforged")), k -> null))
                .hasMessageStartingWith("lan.read 'a\\x0aforged'").hasMessageEndingWith("contains a control character");
    }
}
