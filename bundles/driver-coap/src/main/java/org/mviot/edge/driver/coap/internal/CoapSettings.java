package org.mviot.edge.driver.coap.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.DriverSettings;

/**
 * A CoAP device's settings, read and checked in one pass with the api's {@link DriverSettings}.
 *
 * <p>Connection keys: {@code uri} ({@code coap://host[:port]} or {@code coaps://host[:port]} for
 * DTLS 1.2, ports 5683/5684 by default), {@code confirmable} (CON or NON requests, default
 * {@code true}), {@code timeout} (how long to wait for an answer, default 1s, kept below the core's
 * deadline), and for {@code coaps} either a pre-shared key — {@code psk.identity} and {@code psk.key},
 * the name of a key file in the gateway's {@code conf/keys/} directory (mode 0600), never the key
 * itself — or X.509 certificates: {@code dtls.ca}, a PEM file in {@code conf/keys/} with the
 * certificates that may sign the device's certificate, and, when the device asks the gateway for
 * one, {@code dtls.certificate} and {@code dtls.key}, the gateway's PEM certificate (chain) and
 * private key (mode 0600).
 *
 * @param uri          the device's base URI, without path
 * @param secure       whether it is {@code coaps} (DTLS)
 * @param confirmable  whether requests are confirmable
 * @param timeout      how long a request waits for its answer
 * @param pskIdentity  the PSK identity, {@code null} when not secure
 * @param pskKeyName   the key file's name under {@code conf/keys}, {@code null} when not secure
 * @param certificates the X.509 files of a {@code coaps} device, {@code null} when it uses a pre-shared key or no DTLS
 * @param push         whether the device POSTs SenML to the gateway's push server ({@code /d/<id>}); then {@code uri} is optional
 * @param channels     every channel's address, in descriptor order
 */
record CoapSettings(URI uri, boolean secure, boolean confirmable, Duration timeout, String pskIdentity, String pskKeyName,
                    Certificates certificates, boolean push, List<ChannelAddress> channels) {

    /**
     * The X.509 files of a DTLS device, each a file name in {@code conf/keys/}.
     *
     * @param ca          the PEM certificates trusted to sign the device's certificate
     * @param certificate the gateway's PEM certificate (chain) shown to the device, {@code null} for none
     * @param key         the private key of {@code certificate}, {@code null} for none
     */
    record Certificates(String ca, String certificate, String key) {
    }

    /** A key file name: no directories, no hidden files. */
    static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");

    /**
     * @param device the descriptor
     * @return its settings
     * @throws DriverException carrying every wrong setting, each at its key path
     */
    static CoapSettings read(DeviceDescriptor device) throws DriverException {
        DriverSettings s = DriverSettings.of(device);
        DriverSettings.Section c = s.connection();
        c.onlyKeys("uri", "confirmable", "timeout", "psk.identity", "psk.key", "dtls.ca", "dtls.certificate", "dtls.key", "push");
        boolean push = c.flag("push", false);
        URI uri = push && !c.has("uri") ? null : uri(c);
        boolean secure = uri != null && uri.getScheme().equals("coaps");
        boolean confirmable = c.flag("confirmable", true);
        Duration timeout = c.duration("timeout", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMinutes(1));
        String identity = null;
        String keyName = null;
        Certificates certificates = null;
        if (secure && c.has("dtls.ca")) {
            for (String key : new String[] {"psk.identity", "psk.key"}) {
                if (c.has(key)) {
                    c.problem(key, "a device uses either a pre-shared key or certificates (dtls.ca), not both");
                }
            }
            certificates = new Certificates(fileName(c, "dtls.ca"), fileName(c, "dtls.certificate"), fileName(c, "dtls.key"));
            if ((certificates.certificate() == null) != (certificates.key() == null)) {
                c.problem(c.has("dtls.key") ? "dtls.certificate" : "dtls.key", "dtls.certificate and dtls.key go together: the gateway's certificate and its private key");
            }
        } else if (secure || uri == null && push && (c.has("psk.identity") || c.has("psk.key"))) {
            identity = c.required("psk.identity", "the DTLS pre-shared key identity (or dtls.ca to use certificates)");
            keyName = c.required("psk.key", "the name of a key file in conf/keys (mode 0600), e.g. sensor-1.psk");
            keyName = keyName == null ? null : fileName(c, "psk.key");
            if (identity != null && identity.length() > 128) {
                c.problem("psk.identity", "expected at most 128 characters");
            }
            for (String key : new String[] {"dtls.certificate", "dtls.key"}) {
                if (c.has(key)) {
                    c.problem(key, "the gateway's certificate is used with dtls.ca (certificates), not with a pre-shared key");
                }
            }
        } else {
            for (String key : new String[] {"psk.identity", "psk.key", "dtls.ca", "dtls.certificate", "dtls.key"}) {
                if (c.has(key)) {
                    c.problem(key, "DTLS settings are used only with a coaps:// uri (or psk.identity and psk.key by a device that only pushes)");
                }
            }
        }
        List<ChannelAddress> channels = new ArrayList<>();
        for (ChannelSpec ch : device.channels()) {
            ChannelAddress a = ChannelAddress.read(s, ch, push);
            if (push && !c.has("uri") && !a.pushed()) {
                s.address(ch).problem("path", "a device without connection.uri only pushes: make the channel an event channel (read-only, not observed)");
            }
            channels.add(a);
        }
        s.check();
        return new CoapSettings(uri, secure, confirmable, timeout, identity, keyName, certificates, push, List.copyOf(channels));
    }

    /** @return the file name at {@code key}, {@code null} when absent or not a plain file name (then a problem is recorded) */
    private static String fileName(DriverSettings.Section c, String key) {
        if (!c.has(key)) {
            return null;
        }
        String name = c.string(key, null);
        if (name == null || !KEY_NAME.matcher(name).matches()) {
            c.problem(key, "expected a file name in conf/keys (letters, digits, . _ -; no directories), got " + DriverSettings.quote(String.valueOf(name)));
            return null;
        }
        return name;
    }

    private static URI uri(DriverSettings.Section c) {
        String text = c.required("uri", "the device's URI, e.g. coap://192.0.2.10 or coaps://192.0.2.10:5684");
        if (text == null) {
            return null;
        }
        try {
            URI u = new URI(text);
            String scheme = u.getScheme();
            if (scheme == null || !(scheme.equals("coap") || scheme.equals("coaps")) || u.getHost() == null
                    || (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/"))
                    || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
                c.problem("uri", "expected coap://host[:port] or coaps://host[:port] without a path (paths go in each channel's address), got "
                        + DriverSettings.quote(text));
                return null;
            }
            int port = u.getPort() > 0 ? u.getPort() : scheme.equals("coaps") ? 5684 : 5683;
            return new URI(scheme, null, u.getHost(), port, null, null, null);
        } catch (URISyntaxException e) {
            c.problem("uri", "expected coap://host[:port] or coaps://host[:port], got " + DriverSettings.quote(text));
            return null;
        }
    }

    /**
     * @param selected channels of this device
     * @return their addresses grouped by resource path, in first-seen order: one request per resource
     */
    Map<String, List<ChannelAddress>> byPath(List<ChannelSpec> selected) {
        Map<String, List<ChannelAddress>> out = new LinkedHashMap<>();
        for (ChannelSpec ch : selected) {
            ChannelAddress a = address(ch.name());
            if (a != null) {
                out.computeIfAbsent(a.path(), k -> new ArrayList<>()).add(a);
            }
        }
        return out;
    }

    /**
     * @param channel a channel name
     * @return its address, or {@code null} when the device has no such channel
     */
    ChannelAddress address(String channel) {
        for (ChannelAddress a : channels) {
            if (a.channel().name().equals(channel)) {
                return a;
            }
        }
        return null;
    }
}
