package org.mviot.edge.broker.local.internal;

import java.nio.file.Path;
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
        try {
            s = BrokerSettings.resolve(config, context::getProperty);
        } catch (IllegalArgumentException e) {
            LOG.error("local MQTT broker not started: {}", e.getMessage());
            this.settings = null;
            this.broker = null;
            return;
        }
        this.settings = s;
        String data = context.getProperty("mviot.data");
        Path work = Path.of(data == null || data.isBlank() ? "data" : data).resolve("local-broker");
        long t0 = System.nanoTime();
        HiveMqBroker b = null;
        try {
            b = HiveMqBroker.start(s, work, START_TIMEOUT);
            LOG.info("local MQTT broker (MQTT 3.1.1 and 5, in memory) listening on {} after {} ms{}", s.address(),
                    (System.nanoTime() - t0) / 1_000_000, s.bindAddress().startsWith("127.") || s.bindAddress().equals("::1") ? ""
                            : ": every client that reaches this address may connect without a password");
        } catch (HiveMqBroker.StartFailure e) {
            LOG.error("local MQTT broker on {} not started: {}", s.address(), e.getMessage());
            LOG.debug("local MQTT broker start failure", e);
        }
        this.broker = b;
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
