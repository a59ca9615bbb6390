package org.eclipse.paho.mqttv5.client.logging;

import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * mviot-edge's replacement for Paho 1.2.5's logger factory of the same name (the bundle embeds Paho
 * and this class is packaged in place of Paho's, as {@code MqttInputStream} is). Written here, not
 * patched, for speed: Paho creates a logger for every token, that is for every publish, and its
 * factory looked up the message catalog ({@code ResourceBundle.getBundle}), loaded the logger class
 * by name and instantiated it reflectively each time, even with logging off: on the uplink's thread
 * that was about a tenth of the CPU of a publish (JFR, {@code edge-distro/bench/footprint.py}
 * modbus10 row). Here the catalog and the java.util.logging logger are looked up once per name, and
 * the logger Paho gets is our {@link JulLogger}, which writes what Paho's {@link JSR47Logger} wrote;
 * a logger class set with {@link #setLogger} is still loaded by name.
 */
public class LoggerFactory {

    /** The message catalog Paho's classes log with (Paho's constant, same value). */
    public static final String MQTT_CLIENT_MSG_CAT = "org.eclipse.paho.mqttv5.client.internal.nls.logcat";

    private static final Map<String, ResourceBundle> CATALOGS = new ConcurrentHashMap<>();
    /** java.util.logging's loggers by name, held here so their levels stay (Paho's class names: a bounded set). */
    private static final Map<String, java.util.logging.Logger> JUL = new ConcurrentHashMap<>();
    private static volatile String overrideLoggerClassName;

    /** Public as Paho's (a static factory; nothing needs an instance). */
    public LoggerFactory() {
    }

    /**
     * A logger for one of Paho's classes.
     *
     * @param messageCatalogName the resource bundle holding the messages
     * @param loggerID           the logger's name
     * @return a logger ready for use
     * @throws MissingResourceException if the catalog or a logger class set with {@link #setLogger} cannot be found
     */
    public static Logger getLogger(String messageCatalogName, String loggerID) {
        ResourceBundle catalog = CATALOGS.computeIfAbsent(messageCatalogName, ResourceBundle::getBundle);
        String className = overrideLoggerClassName;
        Logger logger = className == null ? new JulLogger(JUL.computeIfAbsent(loggerID, java.util.logging.Logger::getLogger), catalog)
                : instantiate(className, loggerID);
        logger.initialise(catalog, loggerID, null);
        return logger;
    }

    private static Logger instantiate(String className, String loggerID) {
        try {
            return (Logger) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException | SecurityException e) {
            MissingResourceException m = new MissingResourceException("the logging class " + className + " cannot be used",
                    LoggerFactory.class.getName(), loggerID);
            m.initCause(e);
            throw m;
        }
    }

    /**
     * @param name a java.util.logging property
     * @return its value in the log manager's configuration, or {@code null}
     */
    public static String getLoggingProperty(String name) {
        return java.util.logging.LogManager.getLogManager().getProperty(name);
    }

    /**
     * @param loggerClassName a {@link Logger} implementation with a public no-argument constructor, loaded
     *                        by name for every logger from now on; {@code null} for java.util.logging
     */
    public static void setLogger(String loggerClassName) {
        overrideLoggerClassName = loggerClassName;
    }
}
