package org.mviot.edge.cloud.mqtt.internal.tls;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.mviot.edge.api.twin.GatewayFeature;
import org.mviot.edge.api.twin.GatewayIdentity;
import org.mviot.edge.cloud.mqtt.internal.link.CloudLink;
import org.mviot.edge.cloud.mqtt.internal.link.LinkConfig;
import org.mviot.edge.cloud.mqtt.internal.link.LinkSettings;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway twin's {@code tls} feature: when the cloud link's client certificate and CA
 * certificate expire ({@link CertificateExpiry}). The files are read at activation and again when
 * the core asks more than an hour after the last reading, in the background (the core is answered
 * from memory; the common pool's thread comes and goes, where a timer of its own idled for the
 * gateway's whole life); a warning (expiry within 30 days, expired, unreadable) is logged when it
 * first appears or changes.
 */
@Component(service = GatewayFeature.class, configurationPid = CloudLink.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class TlsExpiryFeature implements GatewayFeature {

    /** The feature's id in the gateway twin. */
    public static final String FEATURE_ID = "tls";

    private static final Logger LOG = LoggerFactory.getLogger(TlsExpiryFeature.class);
    private static final long REFRESH_HOURS = 1;

    private final LinkSettings settings;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile long refreshedAt;
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
        refresh();
    }

    private void refresh() {
        refreshedAt = System.nanoTime();
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
        if (System.nanoTime() - refreshedAt > TimeUnit.HOURS.toNanos(REFRESH_HOURS) && refreshing.compareAndSet(false, true)) {
            CompletableFuture.runAsync(() -> {
                try {
                    refresh();
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return properties;
    }
}
