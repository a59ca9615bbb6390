package org.mviot.edge.launcher.framework;

import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.slf4j.LoggerFactory;

/**
 * Sends the Felix framework's own messages (resolver failures, bundle errors) to the gateway's SLF4J
 * log instead of standard output, one line each.
 */
final class FelixLogBridge extends Logger {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger("org.apache.felix.framework");

    @Override
    protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
        String where = bundle == null ? "" : "[" + bundle.getSymbolicName() + "] ";
        String text = where + msg;
        boolean expected = throwable == null || throwable instanceof BundleException;
        if (throwable != null && expected) {
            text = text + ": " + throwable.getMessage();
        }
        Throwable trace = expected ? null : throwable;
        switch (level) {
            case LOG_ERROR -> LOG.error(text.replace('\n', ' '), trace);
            case LOG_WARNING -> LOG.warn(text.replace('\n', ' '), trace);
            case LOG_INFO -> LOG.info(text.replace('\n', ' '), trace);
            default -> LOG.debug(text.replace('\n', ' '), trace);
        }
    }
}
