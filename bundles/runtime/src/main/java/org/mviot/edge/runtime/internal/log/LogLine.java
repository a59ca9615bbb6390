package org.mviot.edge.runtime.internal.log;

import org.osgi.framework.BundleException;
import org.osgi.service.log.LogLevel;

/**
 * One OSGi log entry rendered for the gateway log: which logger, which level, one line of text,
 * and a throwable only when a stack trace helps (a bug, not an expected condition).
 *
 * @param loggerName SLF4J logger name: the originating bundle's symbolic name
 * @param level      the entry's level
 * @param text       a single line: message and, for expected failures, the cause's message
 * @param stackTrace the throwable to print with a stack trace, or {@code null}
 */
public record LogLine(String loggerName, LogLevel level, String text, Throwable stackTrace) {

    private static final String FRAMEWORK_EVENTS = "Events.";
    /** FileInstall reports on files an integrator dropped into deploy/: the file is at fault, not the code. */
    private static final String FILEINSTALL = "org.apache.felix.fileinstall";
    /** Felix Log hands listeners a copy of the exception whose message starts with the original class name. */
    private static final java.util.regex.Pattern EXCEPTION_PREFIX =
            java.util.regex.Pattern.compile("^([a-z][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Error): ");
    private static final String LOG_COPY = "org.apache.felix.log.LogException";
    /**
     * Felix EventAdmin warns when the thread delivering an event is interrupted, and when an event
     * (a log entry it turns into one) is posted after its thread pool ended: both are what stopping
     * EventAdmin (the framework's stop: SIGTERM, Ctrl-C) does, not faults, and get no WARN or stack trace.
     */
    private static final String EVENTADMIN = "org.apache.felix.eventadmin";
    private static final String EVENTADMIN_INTERRUPTED = "EventAdmin: Event Task Processing Interrupted";
    private static final String REJECTED = java.util.concurrent.RejectedExecutionException.class.getName();

    /**
     * Renders an entry, or returns {@code null} when it should not reach the gateway log.
     *
     * @param level      the entry's level
     * @param loggerName the OSGi logger name (R7 event loggers start with {@code Events.})
     * @param bundle     the originating bundle's symbolic name, may be {@code null}
     * @param message    the message
     * @param exception  the exception, may be {@code null}
     * @return the line, or {@code null} to drop the entry
     */
    public static LogLine of(LogLevel level, String loggerName, String bundle, String message, Throwable exception) {
        boolean frameworkEvent = loggerName != null && loggerName.startsWith(FRAMEWORK_EVENTS);
        if (frameworkEvent && level.implies(LogLevel.INFO)) {
            return null;
        }
        if (EVENTADMIN.equals(bundle) && ((message != null && message.startsWith(EVENTADMIN_INTERRUPTED)) || causedBy(exception, REJECTED))) {
            return new LogLine(bundle, LogLevel.DEBUG, oneLine(message), null);
        }
        String name = bundle != null ? bundle : (loggerName != null ? loggerName : "osgi");
        String text = oneLine(message);
        if (exception == null) {
            return new LogLine(name, level, text, null);
        }
        if (isExpected(exception) || FILEINSTALL.equals(bundle)) {
            return new LogLine(name, level, text + ": " + oneLine(rootMessage(exception)), null);
        }
        return new LogLine(name, level, text, exception);
    }

    /** Bundle lifecycle failures (bad manifest, missing import) are the installer's to fix, not bugs. */
    private static boolean isExpected(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof BundleException || c instanceof java.util.zip.ZipException) {
                return true;
            }
            String m = c.getMessage();
            if (LOG_COPY.equals(c.getClass().getName()) && m != null
                    && (m.startsWith(BundleException.class.getName()) || m.startsWith("java.util.zip.ZipException"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether an exception or one of its causes is of a class (also when Felix Log hands over a copy naming it). */
    private static boolean causedBy(Throwable t, String className) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (className.equals(c.getClass().getName())
                    || (LOG_COPY.equals(c.getClass().getName()) && c.getMessage() != null && c.getMessage().startsWith(className))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage() == null ? null : EXCEPTION_PREFIX.matcher(c.getMessage()).replaceFirst("");
            if (m != null && !m.isEmpty() && (sb.length() == 0 || sb.indexOf(m) < 0)) {
                if (sb.length() > 0) {
                    sb.append(": ");
                }
                sb.append(m);
            }
        }
        return sb.length() == 0 ? t.getClass().getSimpleName() : sb.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
