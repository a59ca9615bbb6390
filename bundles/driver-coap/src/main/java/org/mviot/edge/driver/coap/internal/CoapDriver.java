package org.mviot.edge.driver.coap.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.eclipse.californium.core.network.Endpoint;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.DurationSyntax;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.launch.FrameworkProperties;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CoAP driver, named {@code coap} (RFC 7252, on Eclipse Californium embedded in this bundle):
 * channels are polled with GET, observed (RFC 7641) as event channels, written with PUT or POST;
 * payloads are text, JSON (with a pointer) or SenML JSON; {@code coaps://} devices use DTLS 1.2 with
 * a pre-shared key from a file in {@code conf/keys}. All devices share one UDP endpoint (and one DTLS
 * endpoint), so the driver runs a fixed handful of threads however many devices it serves.
 */
@Component(service = Driver.class, property = Driver.NAME_PROPERTY + "=coap")
@org.osgi.service.metatype.annotations.Designate(ocd = CoapDriver.Config.class)
public final class CoapDriver implements Driver {

    /** The driver's settings (Config Admin PID {@code org.mviot.edge.driver.coap.internal.CoapDriver}). */
    @org.osgi.service.metatype.annotations.ObjectClassDefinition(name = "mviot-edge CoAP driver",
            description = "The gateway's CoAP push server, where devices POST SenML to /d/<device id>")
    public @interface Config {
        /** @return whether the push server runs */
        @org.osgi.service.metatype.annotations.AttributeDefinition(description = "Run the push server (off by default)")
        boolean push_enabled() default false;

        /** @return the address it binds */
        @org.osgi.service.metatype.annotations.AttributeDefinition(description = "Address the push server binds (127.0.0.1: only this machine)")
        String push_address() default "127.0.0.1";

        /** @return the local address of the driver's client endpoints */
        @org.osgi.service.metatype.annotations.AttributeDefinition(description = "Local address the driver's client endpoints bind (0.0.0.0: every interface; 127.0.0.1 when every device is on this machine)")
        String client_address() default "0.0.0.0";

        /** @return whether the push server also takes DTLS */
        @org.osgi.service.metatype.annotations.AttributeDefinition(description = "Also take pushes over DTLS 1.2 with pre-shared keys (off by default)")
        boolean push_secure_enabled() default false;

        /** @return its DTLS port */
        @org.osgi.service.metatype.annotations.AttributeDefinition(description = "UDP port of the push server's DTLS endpoint")
        int push_secure_port() default 5684;

        /** @return its UDP port */
        @org.osgi.service.metatype.annotations.AttributeDefinition(description = "UDP port of the push server")
        int push_port() default 5683;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CoapDriver.class);
    /** First retransmission of a confirmable message: two tries fit in the default 1 s timeout. */
    private static final int ACK_TIMEOUT_MS = 400;
    /** How long discovery waits for {@code /.well-known/core} (block-wise, it may take several exchanges). */
    private static final Duration DISCOVERY_WAIT = Duration.ofSeconds(5);

    private final KeyFiles keys;
    private final CoapEndpoints endpoints;
    private final ScheduledThreadPoolExecutor watch;
    private final PushServer push;

    /**
     * Starts the shared endpoint, the observe watch and, when configured, the push server.
     *
     * @param context the bundle's context, for the configuration directory
     * @param config  the driver's settings
     * @throws IOException when the UDP endpoint cannot bind
     */
    @Activate
    public CoapDriver(BundleContext context, Config config) throws IOException {
        this(Path.of(Optional.ofNullable(context.getProperty(FrameworkProperties.CONF_DIR)).orElse("conf")), InetAddress.getByName(config.client_address()),
                config.push_enabled() ? new InetSocketAddress(config.push_address(), config.push_port()) : null,
                config.push_enabled() && config.push_secure_enabled() ? new InetSocketAddress(config.push_address(), config.push_secure_port()) : null);
    }

    /**
     * @param confDir the gateway's configuration directory; keys are read from its {@code keys/}
     * @throws IOException when the UDP endpoint cannot bind
     */
    CoapDriver(Path confDir) throws IOException {
        this(confDir, null, null);
    }

    /**
     * Binds its client endpoints to 127.0.0.1: every device is on this machine.
     *
     * @param confDir      the gateway's configuration directory; keys are read from its {@code keys/}
     * @param pushAt       where the push server listens, {@code null} for none
     * @param pushSecureAt where it listens over DTLS, {@code null} for nowhere
     * @throws IOException when the UDP endpoint cannot bind
     */
    CoapDriver(Path confDir, InetSocketAddress pushAt, InetSocketAddress pushSecureAt) throws IOException {
        this(confDir, InetAddress.getLoopbackAddress(), pushAt, pushSecureAt);
    }

    /**
     * @param confDir the gateway's configuration directory; keys are read from its {@code keys/}
     * @param clientAddress the local address of its client endpoints
     * @param pushAt  where the push server listens, {@code null} for none
     * @param pushSecureAt where it listens over DTLS, {@code null} for nowhere
     * @throws IOException when the UDP endpoint cannot bind
     */
    CoapDriver(Path confDir, InetAddress clientAddress, InetSocketAddress pushAt, InetSocketAddress pushSecureAt) throws IOException {
        keys = new KeyFiles(confDir.resolve("keys"));
        endpoints = new CoapEndpoints(ACK_TIMEOUT_MS, clientAddress);
        watch = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mviot-coap-observe");
            t.setDaemon(true);
            return t;
        });
        watch.setRemoveOnCancelPolicy(true);
        push = pushAt == null ? null : new PushServer(endpoints, pushAt, pushSecureAt);
        LOG.info("CoAP endpoint started on {}", endpoints.plain().getAddress());
    }

    /** Stops every endpoint and thread of the driver. */
    @Deactivate
    void deactivate() {
        if (push != null) {
            push.close();
        }
        watch.shutdownNow();
        endpoints.close();
    }

    @Override
    public String name() {
        return "coap";
    }

    @Override
    public void validate(DeviceDescriptor device) throws DriverException {
        CoapSettings.read(device);
    }

    @Override
    public DeviceConnection open(DeviceDescriptor device, DeviceListener listener) throws DriverException {
        CoapSettings settings = CoapSettings.read(device);
        Duration readWait = within(device.id(), "read", settings.timeout(), listener.readTimeout());
        Duration writeWait = within(device.id(), "write", settings.timeout(), listener.writeTimeout());
        Endpoint endpoint = settings.secure() ? secure(device, settings) : endpoints.plain();
        if (settings.push() && push == null) {
            throw new DriverException("device '" + device.id() + "': connection.push needs the gateway's CoAP push server, which is off; set push.enabled=true"
                    + " for PID org.mviot.edge.driver.coap.internal.CoapDriver");
        }
        CoapDevice d = new CoapDevice(device, settings, endpoint, listener, watch, readWait, writeWait, endpoints.notifications());
        try {
            d.ping();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("device '" + device.id() + "': opening was interrupted");
        }
        if (settings.push() && settings.uri() == null && settings.pskIdentity() != null) {
            if (!push.secure()) {
                throw new DriverException("device '" + device.id() + "': pushing with a pre-shared key needs the push server's DTLS endpoint, which is off;"
                        + " set push.secure.enabled=true for PID org.mviot.edge.driver.coap.internal.CoapDriver");
            }
            byte[] key = keys.read(device.id(), settings.pskKeyName());
            try {
                push.putSecure(device.id(), d, settings.pskIdentity(), key);
            } finally {
                KeyFiles.erase(key);
            }
            d.onClose(() -> push.remove(device.id(), d));
        } else if (settings.push()) {
            push.put(device.id(), d);
            d.onClose(() -> push.remove(device.id(), d));
        }
        LOG.debug("CoAP device {} opened at {}", device.id(), settings.uri());
        return d;
    }

    private Endpoint secure(DeviceDescriptor device, CoapSettings settings) throws DriverException {
        InetSocketAddress peer;
        try {
            peer = new InetSocketAddress(InetAddress.getByName(settings.uri().getHost()), settings.uri().getPort());
        } catch (UnknownHostException e) {
            throw new DriverException("device '" + device.id() + "': cannot resolve host " + settings.uri().getHost());
        }
        if (settings.certificates() != null) {
            X509Credentials credentials = X509Credentials.read(device.id(), settings.certificates(), keys);
            try {
                return endpoints.secure(credentials);
            } catch (IOException e) {
                throw new DriverException("device '" + device.id() + "': the DTLS endpoint cannot start: " + e.getMessage());
            }
        }
        byte[] key = keys.read(device.id(), settings.pskKeyName());
        try {
            return endpoints.secure(peer, settings.pskIdentity(), key);
        } catch (IOException e) {
            throw new DriverException("device '" + device.id() + "': the DTLS endpoint cannot start: " + e.getMessage());
        } finally {
            KeyFiles.erase(key);
        }
    }

    /**
     * @return where the push server listens, or {@code null} when it is off
     */
    InetSocketAddress pushAddress() {
        return push == null ? null : push.address();
    }

    /**
     * @return where the push server listens over DTLS, or {@code null} when it does not
     */
    InetSocketAddress pushSecureAddress() {
        return push == null ? null : push.secureAddress();
    }

    /**
     * Reads a device's {@code /.well-known/core} (RFC 6690) and makes a descriptor of it.
     *
     * @param uri {@code coap://host[:port]}
     * @return the descriptor as JSON, or what went wrong, in words
     * @throws InterruptedException when the shell is interrupted
     */
    public String discover(String uri) throws InterruptedException {
        java.net.URI base;
        try {
            java.net.URI u = new java.net.URI(uri);
            if (!"coap".equals(u.getScheme()) || u.getHost() == null) {
                return "expected coap://host[:port], got " + org.mviot.edge.api.driver.DriverSettings.quote(uri);
            }
            base = new java.net.URI("coap", null, u.getHost(), u.getPort() > 0 ? u.getPort() : 5683, null, null, null);
        } catch (java.net.URISyntaxException e) {
            return "expected coap://host[:port], got " + org.mviot.edge.api.driver.DriverSettings.quote(uri);
        }
        org.eclipse.californium.core.coap.Request r = org.eclipse.californium.core.coap.Request.newGet();
        r.setURI(base + "/.well-known/core");
        endpoints.plain().sendRequest(r);
        org.eclipse.californium.core.coap.Response response = r.waitForResponse(DISCOVERY_WAIT.toMillis());
        if (response == null) {
            r.cancel();
            return base + " did not answer GET /.well-known/core within " + DurationSyntax.format(DISCOVERY_WAIT);
        }
        if (!response.isSuccess()) {
            return base + " answered " + response.getCode() + " to GET /.well-known/core";
        }
        return org.mviot.edge.driver.coap.internal.discovery.Discovery.descriptor(base, response.getPayloadString());
    }

    /**
     * The device's wait, kept below the core's deadline with a quarter to spare, so a silent device
     * fails with the driver's reason rather than the core's generic timeout.
     */
    static Duration within(String device, String call, Duration wanted, Duration coreDeadline) {
        Duration max = coreDeadline.multipliedBy(3).dividedBy(4);
        if (wanted.compareTo(max) <= 0) {
            return wanted;
        }
        LOG.warn("device '{}': timeout {} is not below the core's {} deadline {}; waiting {} instead", device, DurationSyntax.format(wanted), call,
                DurationSyntax.format(coreDeadline), DurationSyntax.format(max));
        return max;
    }
}
