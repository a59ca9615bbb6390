package org.mviot.edge.runtime.internal.log;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards what third-party bundles write to the OSGi Log Service (SCR, FileInstall, Config Admin,
 * the framework's own events) into the gateway's single SLF4J log, one line per entry.
 *
 * <p>Framework events (every bundle and service change) are kept out below WARN: they would bury
 * the story the log must tell at INFO. Expected failures such as a hot-deployed bundle that cannot
 * be resolved are printed as one line with the cause's message; a stack trace is printed only for
 * unexpected exceptions.
 */
@Component(immediate = true)
public final class LogForwarder implements LogListener {

    private final LogReaderService reader;

    /**
     * Starts forwarding.
     *
     * @param reader the log service's reader
     */
    @Activate
    public LogForwarder(@Reference LogReaderService reader) {
        this.reader = reader;
        reader.addLogListener(this);
    }

    /** Stops forwarding. */
    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        LogLine line = LogLine.of(entry.getLogLevel(), entry.getLoggerName(),
                entry.getBundle() == null ? null : entry.getBundle().getSymbolicName(),
                entry.getMessage(), entry.getException());
        if (line == null) {
            return;
        }
        Logger logger = LoggerFactory.getLogger(line.loggerName());
        switch (line.level()) {
            case ERROR -> logger.error(line.text(), line.stackTrace());
            case WARN -> logger.warn(line.text(), line.stackTrace());
            case INFO -> logger.info(line.text(), line.stackTrace());
            case DEBUG -> logger.debug(line.text(), line.stackTrace());
            default -> logger.trace(line.text(), line.stackTrace());
        }
    }
}
