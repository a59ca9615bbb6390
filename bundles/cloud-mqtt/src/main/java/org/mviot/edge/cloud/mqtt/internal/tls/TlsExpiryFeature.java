package org.mviot.edge.cloud.mqtt.internal.tls;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.mviot.edge.api.twin.GatewayFeature;
import org.mviot.edge.api.twin.GatewayIdentity;
import org.mviot.edge.cloud.mqtt.internal.link.CloudLink;
import org.mviot.edge.cloud.mqtt.internal.link.LinkConfig;
import org.mviot.edge.cloud.mqtt.internal.link.LinkSettings;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway twin's {@code tls} feature: when the cloud link's client certificate and CA
 * certificate expire ({@link CertificateExpiry}). The files are read at activation and every hour
 * (answering the core from memory); a warning (expiry within 30 days, expired, unreadable) is
 * logged when it first appears or changes.
 */
@Component(service = GatewayFeature.class, configurationPid = CloudLink.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class TlsExpiryFeature implements GatewayFeature {

    /** The feature's id in the gateway twin. */
    public static final String FEATURE_ID = "tls";

    private static final Logger LOG = LoggerFactory.getLogger(TlsExpiryFeature.class);
    private static final long REFRESH_HOURS = 1;

    private final LinkSettings settings;
    private final ScheduledExecutorService timer;
    private volatile Map<String, Object> properties = Map.of();
    private String lastWarning;

    /**
     * @param context  the bundle context, for the launcher's broker settings
     * @param config   the cloud link's configuration (the same PID)
     * @param identity who the gateway is (the link's settings need it)
     */
    @Activate
    public TlsExpiryFeature(BundleContext context, LinkConfig config, @Reference GatewayIdentity identity) {
        this.settings = LinkSettings.resolve(config, context::getProperty, identity);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mviot-tls-expiry");
            t.setDaemon(true);
            return t;
        });
        refresh();
        timer.scheduleWithFixedDelay(this::refresh, REFRESH_HOURS, REFRESH_HOURS, TimeUnit.HOURS);
    }

    private void refresh() {
        Map<String, Object> p = CertificateExpiry.of(settings.tlsCa(), settings.tlsCertificate(), Instant.now());
        properties = Map.copyOf(p);
        Object warning = p.get("warning");
        if (warning != null && !Objects.equals(warning, lastWarning)) {
            LOG.warn("cloud link TLS: {}", warning);
        }
        lastWarning = warning == null ? null : warning.toString();
    }

    @Override
    public String featureId() {
        return FEATURE_ID;
    }

    @Override
    public Map<String, Object> properties() {
        return properties;
    }

    /** Stops the hourly refresh. */
    @Deactivate
    void stop() {
        timer.shutdownNow();
    }
}
