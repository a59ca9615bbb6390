package org.mviot.edge.console.web.internal.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's audit trail in the gateway log: every change (a write, a descriptor saved or deleted, a feature
 * installed, a bundle uploaded, a login, a logout, a refused login) with who did it and from where. What a user sent
 * appears quoted, cut to {@value #MAX_QUOTED} characters, control characters escaped: one log line per event.
 */
public final class Audit {

    /** The logger's name: the audit lines can be selected by it. */
    public static final String LOGGER = "org.mviot.edge.console.audit";
    static final int MAX_QUOTED = 120;
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private Audit() {
    }

    /**
     * @param user    who (e.g. {@code admin}, or {@code -} before a login)
     * @param address from where
     * @param action  what, in words; user input in it goes through {@link #quote}
     */
    public static void info(String user, String address, String action) {
        LOG.info("console: {} ({} from {})", action, user, quote(address));
    }

    /**
     * @param user    who
     * @param address from where
     * @param action  what was refused and why
     */
    public static void refused(String user, String address, String action) {
        LOG.warn("console: {} ({} from {})", action, user, quote(address));
    }

    /**
     * @param text text a user sent
     * @return it quoted for one log line: at most {@value #MAX_QUOTED} characters, control characters escaped
     */
    public static String quote(String text) {
        if (text == null) {
            return "'null'";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_QUOTED) + 8).append('\'');
        for (int i = 0; i < text.length(); i++) {
            if (b.length() > MAX_QUOTED) {
                b.append("...");
                break;
            }
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029' || c == '\'' || c == '\\') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('\'').toString();
    }
}
