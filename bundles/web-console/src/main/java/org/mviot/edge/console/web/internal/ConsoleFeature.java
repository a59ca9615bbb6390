package org.mviot.edge.console.web.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.mviot.edge.api.twin.GatewayFeature;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The gateway twin's feature {@code console} (and so {@code mviot-edge status}): where the console answers, the
 * SHA-256 fingerprint of its certificate (to compare with what the browser shows before trusting a self-signed one)
 * and whether an admin password is set.
 */
@Component(service = GatewayFeature.class)
public final class ConsoleFeature implements GatewayFeature {

    private final ConsoleSettings settings;
    private final boolean passwordSet;

    /** @param context this bundle's context (framework properties) */
    @Activate
    public ConsoleFeature(BundleContext context) {
        settings = ConsoleSettings.of(context::getProperty);
        passwordSet = java.nio.file.Files.isRegularFile(settings.passwordFile());
    }

    @Override
    public String featureId() {
        return "console";
    }

    @Override
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("url", "https://" + (settings.address().equals("0.0.0.0") ? "<this gateway>" : settings.address()) + ":" + settings.port() + "/");
        p.put("certificate.sha256", settings.fingerprint());
        // answered from memory: the file's presence as seen at start (a new password binds beyond 127.0.0.1 after a restart)
        p.put("password.set", passwordSet);
        return p;
    }
}
