package org.eclipse.paho.mqttv5.client.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.MissingResourceException;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Our replacement of Paho's logger factory: Paho's java.util.logging loggers, made without a lookup per logger. */
class LoggerFactoryTest {

    private final java.util.logging.Logger jul = java.util.logging.Logger.getLogger("mviot.test.paho.logger");

    @AfterEach
    void reset() {
        LoggerFactory.setLogger(null);
        jul.setLevel(null);
    }

    @Test
    void aLoggerFollowsTheLevelOfItsJavaUtilLoggingLogger() {
        jul.setLevel(Level.WARNING);
        Logger log = LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, "mviot.test.paho.logger");
        assertThat(log).isInstanceOf(JulLogger.class);
        assertThat(log.isLoggable(Logger.WARNING)).isTrue();
        assertThat(log.isLoggable(Logger.FINE)).isFalse();
        jul.setLevel(Level.FINE);
        assertThat(log.isLoggable(Logger.FINE)).isTrue();
    }

    @Test
    void aLoggerFormatsPahosMessagesFromItsCatalog() {
        Logger log = LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, "mviot.test.paho.logger");
        // key 0 of Paho's catalog is its catalog id, not the key itself
        assertThat(log.formatMessage("0", null)).isNotEqualTo("0").isNotBlank();
    }

    @Test
    void aWarningReachesJavaUtilLoggingWithTheResourceNameAndTheCatalogsTextWithItsInserts() {
        java.util.List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.setUseParentHandlers(false);
        jul.addHandler(h);
        try {
            jul.setLevel(Level.INFO);
            Logger log = LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, "mviot.test.paho.logger");
            log.setResourceName("gw-1");
            log.fine("C", "m", "a fine line");
            log.warning("C", "m", "custom {0} text", new Object[] {"inserted"});
            String catalogText = log.formatMessage("0", null);
            log.warning("C", "m", "0", null);
            assertThat(records).extracting(java.util.logging.LogRecord::getMessage)
                    .containsExactly("gw-1: custom inserted text", "gw-1: " + catalogText);
            assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
            assertThat(records.get(0).getSourceClassName()).isEqualTo("C");
        } finally {
            jul.removeHandler(h);
            jul.setUseParentHandlers(true);
        }
    }

    @Test
    void aLoggerClassThatCannotBeLoadedIsAMissingResourceNamingIt() {
        LoggerFactory.setLogger("org.example.NoSuchLogger");
        assertThatThrownBy(() -> LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, "x"))
                .isInstanceOf(MissingResourceException.class).hasMessageContaining("org.example.NoSuchLogger");
    }

    @Test
    void aLoggerClassSetByNameIsUsedAndInitialised() {
        LoggerFactory.setLogger(Marked.class.getName());
        Logger log = LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, "mviot.test.paho.logger");
        assertThat(log).isInstanceOf(Marked.class);
        assertThat(((Marked) log).loggerId).isEqualTo("mviot.test.paho.logger");
    }

    /** A logger class found by name. */
    public static final class Marked extends JSR47Logger {
        String loggerId;

        @Override
        public void initialise(java.util.ResourceBundle catalog, String loggerID, String resourceName) {
            super.initialise(catalog, loggerID, resourceName);
            this.loggerId = loggerID;
        }
    }
}
