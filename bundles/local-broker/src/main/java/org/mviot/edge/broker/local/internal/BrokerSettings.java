package org.mviot.edge.broker.local.internal;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where the local broker listens, after defaults were applied: Config Admin first, then the
 * framework property the launcher passes from the gateway settings, then built-in defaults.
 *
 * @param bindAddress IP address to listen on
 * @param port        TCP port
 */
public record BrokerSettings(String bindAddress, int port) {

    /** Listens on loopback only unless configured otherwise. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** The IANA port of MQTT. */
    public static final int DEFAULT_PORT = 1883;
    /** Framework property with the gateway setting {@code local.broker.port}. */
    public static final String PORT_PROPERTY = "mviot.local.broker.port";

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /**
     * Applies the defaults and checks the values.
     *
     * @param c         Config Admin values
     * @param framework framework property lookup ({@code BundleContext::getProperty})
     * @return the settings
     * @throws IllegalArgumentException naming the key, the value and what was expected
     */
    public static BrokerSettings resolve(BrokerConfig c, Function<String, String> framework) {
        String bind = c.bind_address() == null || c.bind_address().isBlank() ? DEFAULT_BIND_ADDRESS : c.bind_address().trim();
        // an IP literal only: a host name would make the broker's start depend on name resolution
        if (!IPV4.matcher(bind).matches() && !IPV6.matcher(bind).matches()) {
            throw new IllegalArgumentException("bind.address '" + bind + "' (PID " + LocalBroker.PID
                    + "): expected an IP address such as 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)");
        }
        int port;
        if (c.port() != null && !c.port().isBlank()) {
            port = port(c.port(), "port '" + c.port().trim() + "' (PID " + LocalBroker.PID + ")");
        } else {
            String p = framework.apply(PORT_PROPERTY);
            port = p == null || p.isBlank() ? DEFAULT_PORT
                    : port(p, "local.broker.port '" + p.trim() + "' (gateway settings, framework property " + PORT_PROPERTY + ")");
        }
        return new BrokerSettings(bind, port);
    }

    private static int port(String text, String what) {
        try {
            int p = Integer.parseInt(text.trim());
            if (p >= 1 && p <= 65_535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + ": expected a TCP port number from 1 to 65535");
    }

    /** @return {@code host:port} as a person writes it, IPv6 in brackets */
    public String address() {
        return (bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress) + ":" + port;
    }
}
