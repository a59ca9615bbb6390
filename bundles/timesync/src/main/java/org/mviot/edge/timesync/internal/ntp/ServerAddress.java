package org.mviot.edge.timesync.internal.ntp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A configured NTP server: {@code host}, {@code host:port} or {@code [v6]:port}.
 *
 * @param host the host name or address
 * @param port the UDP port
 */
public record ServerAddress(String host, int port) {

    /** NTP's port. */
    public static final int NTP_PORT = 123;

    /**
     * @param text the configured value
     * @param key  the configuration key, for the error message
     * @return the address
     * @throws IllegalArgumentException naming the key and the value when it is not one
     */
    public static ServerAddress parse(String text, String key) {
        String t = text.strip();
        String host = t;
        int port = NTP_PORT;
        int colon = t.lastIndexOf(':');
        boolean bracketed = t.startsWith("[");
        if (bracketed || (colon > 0 && t.indexOf(':') == colon)) {
            int close = bracketed ? t.indexOf(']') : -1;
            if (bracketed && close < 0) {
                throw invalid(key, text, "unclosed '['");
            }
            host = bracketed ? t.substring(1, close) : t.substring(0, colon);
            String rest = bracketed ? t.substring(close + 1) : t.substring(colon);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw invalid(key, text, "expected ':port' after ']'");
                }
                try {
                    port = Integer.parseInt(rest.substring(1));
                } catch (NumberFormatException e) {
                    throw invalid(key, text, "port is not a number");
                }
            }
        }
        if (host.isEmpty() || host.length() > 253 || !host.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw invalid(key, text, "expected a host name or address");
        }
        if (port < 1 || port > 65535) {
            throw invalid(key, text, "port must be 1 to 65535");
        }
        return new ServerAddress(host, port);
    }

    private static IllegalArgumentException invalid(String key, String text, String why) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return new IllegalArgumentException(key + ": '" + shown.replaceAll("\\p{Cntrl}", "?") + "' is not an NTP server (" + why
                + "); expected host, host:port or [v6-address]:port");
    }

    /**
     * @return the address resolved now (pools rotate their addresses)
     * @throws UnknownHostException when the name does not resolve
     */
    public InetSocketAddress resolve() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Override
    public String toString() {
        return port == NTP_PORT ? host : (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
