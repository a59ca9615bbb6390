package org.mviot.edge.broker.local.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local MQTT broker: started when the component activates, stopped when it deactivates (a
 * configuration change restarts it). A bad setting or a port in use is logged in one line and
 * leaves the broker off; the component, and so the gateway, stays up.
 *
 * <p>The start is synchronous: when the gateway says it is ready, the broker accepts clients.
 *
 * <p>Every client logs in ({@link BrokerCredentials}, generated at the first start); what a local
 * client may do is {@link LanPermissions}; {@link AccessControl} enforces both.
 */
@Component(service = {}, configurationPid = LocalBroker.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = BrokerConfig.class)
public final class LocalBroker {

    /** Config Admin PID. */
    public static final String PID = "org.mviot.edge.broker.local";

    private static final Logger LOG = LoggerFactory.getLogger(LocalBroker.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The listener closes at once, HiveMQ's thread pools within about 2.2 s; waiting for them keeps
     * their last tasks from running after the bundle's class loader is gone. A SIGTERM leaves the
     * whole gateway 4.5 s.
     */
    private static final Duration STOP_TIMEOUT = Duration.ofMillis(3_000);

    /**
     * Framework property with the logins file, which the launcher passes so that the cloud link
     * finds the gateway's login there too.
     */
    static final String CREDENTIALS_PROPERTY = "mviot.local.broker.credentials";
    /** The logins file when the launcher names none: in the broker's work directory. */
    static final String CREDENTIALS_FILE = "credentials.properties";

    private final HiveMqBroker broker;
    private final BrokerSettings settings;

    /**
     * Starts the broker.
     *
     * @param context the bundle context, for the launcher's framework properties
     * @param config  Config Admin settings
     */
    @Activate
    public LocalBroker(BundleContext context, BrokerConfig config) {
        BrokerSettings s;
        LanPermissions lan;
        try {
            s = BrokerSettings.resolve(config, context::getProperty);
            lan = LanPermissions.resolve(config, context::getProperty);
        } catch (IllegalArgumentException e) {
            LOG.error("local MQTT broker not started: {}", e.getMessage());
            this.settings = null;
            this.broker = null;
            return;
        }
        this.settings = s;
        String data = context.getProperty("mviot.data");
        Path work = Path.of(data == null || data.isBlank() ? "data" : data).resolve("local-broker");
        Path loginFile = credentialsFile(context.getProperty(CREDENTIALS_PROPERTY), work);
        BrokerCredentials credentials;
        try {
            credentials = BrokerCredentials.loadOrCreate(loginFile, new SecureRandom());
        } catch (IOException | RuntimeException e) {
            // never a broker without logins: it stays off, the gateway runs on
            LOG.error("local MQTT broker on {} not started: its logins {} cannot be used: {}", s.address(), loginFile, e.getMessage());
            this.broker = null;
            return;
        }
        AccessControl access = new AccessControl(credentials, lan,
                new ReservedClientIds(context.getProperty(ReservedClientIds.GATEWAY_ID_PROPERTY)), new RefusedConnections(System::nanoTime));
        long t0 = System.nanoTime();
        HiveMqBroker b = null;
        try {
            b = HiveMqBroker.start(s, access, work, START_TIMEOUT);
            // MQTT 3.1.1 and 5, in memory: see the bundle's README; mviot-edge status shows the client's password
            LOG.info("local MQTT broker on {} up in {} ms; client login '{}' reads {}, writes {}", s.address(), (System.nanoTime() - t0) / 1_000_000,
                    credentials.clientUser(), lan.read(), lan.write().isEmpty() ? "nothing" : lan.write());
        } catch (HiveMqBroker.StartFailure e) {
            LOG.error("local MQTT broker on {} not started: {}", s.address(), e.getMessage());
            LOG.debug("local MQTT broker start failure", e);
        }
        this.broker = b;
    }

    static Path credentialsFile(String property, Path work) {
        return property == null || property.isBlank() ? work.resolve(CREDENTIALS_FILE) : Path.of(property.trim());
    }

    /** Stops the broker. */
    @Deactivate
    public void deactivate() {
        if (broker != null) {
            long t0 = System.nanoTime();
            boolean done = broker.stop(STOP_TIMEOUT);
            LOG.info("local MQTT broker on {} stopped in {} ms{}", settings.address(), (System.nanoTime() - t0) / 1_000_000,
                    done ? "" : " (its threads finish in the background)");
        }
    }
}
