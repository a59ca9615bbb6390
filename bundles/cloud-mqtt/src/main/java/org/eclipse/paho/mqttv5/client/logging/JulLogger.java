package org.eclipse.paho.mqttv5.client.logging;

import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * mviot-edge's logger for the embedded Paho client (made by our {@link LoggerFactory}): Paho's
 * messages to java.util.logging, as Paho's {@link JSR47Logger} writes them (the catalog's text for a
 * message key, {@link MessageFormat} inserts, the resource name in front), but cheap to make: Paho
 * makes one for every token, that is for every publish, and {@code JSR47Logger} asked the log manager
 * for its logger each time. Here the java.util.logging logger is looked up once per name by the
 * factory and shared; an instance holds only its resource name.
 */
public final class JulLogger implements Logger {

    private final java.util.logging.Logger jul;
    private final ResourceBundle catalog;
    private volatile String resourceName;

    JulLogger(java.util.logging.Logger jul, ResourceBundle catalog) {
        this.jul = jul;
        this.catalog = catalog;
    }

    @Override
    public void initialise(ResourceBundle messageCatalog, String loggerID, String resourceName) {
        // made ready by the factory; Paho calls this only through the factory
        this.resourceName = resourceName;
    }

    @Override
    public void setResourceName(String logContext) {
        this.resourceName = logContext;
    }

    @Override
    public boolean isLoggable(int level) {
        return jul.isLoggable(level(level));
    }

    @Override
    public void severe(String sourceClass, String sourceMethod, String msg) {
        log(SEVERE, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void severe(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(SEVERE, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void severe(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        log(SEVERE, sourceClass, sourceMethod, msg, inserts, thrown);
    }

    @Override
    public void warning(String sourceClass, String sourceMethod, String msg) {
        log(WARNING, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void warning(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(WARNING, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void warning(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        log(WARNING, sourceClass, sourceMethod, msg, inserts, thrown);
    }

    @Override
    public void info(String sourceClass, String sourceMethod, String msg) {
        log(INFO, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void info(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(INFO, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void info(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        log(INFO, sourceClass, sourceMethod, msg, inserts, thrown);
    }

    @Override
    public void config(String sourceClass, String sourceMethod, String msg) {
        log(CONFIG, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void config(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(CONFIG, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void config(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        log(CONFIG, sourceClass, sourceMethod, msg, inserts, thrown);
    }

    @Override
    public void fine(String sourceClass, String sourceMethod, String msg) {
        log(FINE, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void fine(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(FINE, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void fine(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        log(FINE, sourceClass, sourceMethod, msg, inserts, thrown);
    }

    @Override
    public void finer(String sourceClass, String sourceMethod, String msg) {
        log(FINER, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void finer(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(FINER, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void finer(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        log(FINER, sourceClass, sourceMethod, msg, inserts, thrown);
    }

    @Override
    public void finest(String sourceClass, String sourceMethod, String msg) {
        log(FINEST, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void finest(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(FINEST, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void finest(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        log(FINEST, sourceClass, sourceMethod, msg, inserts, thrown);
    }

    @Override
    public void log(int level, String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        Level l = level(level);
        if (!jul.isLoggable(l)) {
            return;
        }
        String text = msg.contains("=====") ? msg : MessageFormat.format(formatMessage(msg, inserts), inserts);
        LogRecord r = new LogRecord(l, resourceName + ": " + text);
        r.setSourceClassName(sourceClass);
        r.setSourceMethodName(sourceMethod);
        r.setLoggerName(jul.getName());
        r.setThrown(thrown);
        jul.log(r);
    }

    @Override
    public void trace(int level, String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
        log(level, sourceClass, sourceMethod, msg, inserts, ex);
    }

    @Override
    public String formatMessage(String msg, Object[] inserts) {
        try {
            return catalog.getString(msg);
        } catch (MissingResourceException e) {
            return msg; // not a catalog key: the text itself
        }
    }

    @Override
    public void dumpTrace() {
        // no memory trace buffer is configured for the embedded client
    }

    private static Level level(int level) {
        switch (level) {
            case SEVERE:
                return Level.SEVERE;
            case WARNING:
                return Level.WARNING;
            case INFO:
                return Level.INFO;
            case CONFIG:
                return Level.CONFIG;
            case FINE:
                return Level.FINE;
            case FINER:
                return Level.FINER;
            default:
                return Level.FINEST;
        }
    }
}
