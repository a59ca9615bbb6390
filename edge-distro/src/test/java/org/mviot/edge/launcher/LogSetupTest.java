package org.mviot.edge.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mviot.edge.launcher.config.ConfigException;

class LogSetupTest {

    @Test
    void anUnknownLogLevelIsRefusedNamingTheValidOnes() {
        assertThatThrownBy(() -> LogSetup.level("verbose")).isInstanceOf(ConfigException.class)
                .hasMessage("MVIOT_LOG_LEVEL is 'verbose': expected one of trace, debug, info, warn, error, off");
    }

    @Test
    void theLevelIsTakenInAnyCaseAndDefaultsToInfo() throws ConfigException {
        assertThat(LogSetup.level("DEBUG")).isEqualTo("debug");
        assertThat(LogSetup.level(" warn ")).isEqualTo("warn");
        assertThat(LogSetup.level(null)).isEqualTo("info");
        assertThat(LogSetup.level("")).isEqualTo("info");
    }

    @Test
    void aHostileLevelIsQuotedShortAndWithoutControlCharacters() {
        assertThatThrownBy(() -> LogSetup.level("x\u001b[2J" + "y".repeat(500))).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b").hasSizeLessThan(140));
    }
}
