package org.mviot.edge.security.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.mviot.edge.api.launch.FrameworkProperties;
import org.mviot.edge.api.twin.Command;
import org.mviot.edge.api.twin.CommandAuthorizer;
import org.mviot.edge.api.twin.GatewayFeature;
import org.mviot.edge.security.internal.policy.PolicyDocument;
import org.mviot.edge.security.internal.policy.PolicyException;
import org.mviot.edge.security.internal.policy.PolicyParser;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The gateway's command authorizer (SecR-RecR-2): every command is checked against the policy
 * file ({@code <conf>/policy.json}) and, when the policy asks for it, its signature; denied
 * commands never reach a device (the core answers 403 with the reason). Every decision is logged
 * on one bounded line and counted in the gateway twin's {@code authorization} feature.
 *
 * <p>The file is read at activation, before the service is registered, so no command is ever
 * decided before the policy is known; then it is looked at every {@code poll.interval.ms} on the
 * gateway's shared scheduler (the core's, {@code mviot.scheduler=shared}: a look is one stat of the
 * file, no thread of its own) and swapped whole when it changed.
 */
@Component(service = {CommandAuthorizer.class, GatewayFeature.class}, immediate = true, configurationPid = "org.mviot.edge.security")
@Designate(ocd = PolicyConfig.class)
public final class PolicyAuthorizer implements CommandAuthorizer, GatewayFeature {

    private static final String DEMO = "demo-policy.json";

    private final PolicyFileWatch watch;
    private final Authorization authorization;
    private final ScheduledExecutorService poller;

    /**
     * @param config  settings
     * @param context for the configuration directory and the profile's {@code policy.missing}
     * @param scheduler the gateway's shared scheduler (this bundle's view: shutting it down cancels our task only)
     */
    @Activate
    public PolicyAuthorizer(PolicyConfig config, BundleContext context,
                            @Reference(target = "(mviot.scheduler=shared)") ScheduledExecutorService scheduler) {
        if (config.poll_interval_ms() < 100 || config.poll_interval_ms() > 60_000) {
            throw new IllegalArgumentException("org.mviot.edge.security: poll.interval.ms must be 100 to 60000, was " + config.poll_interval_ms());
        }
        String conf = context.getProperty(FrameworkProperties.CONF_DIR);
        Path file = !config.policy_file().isBlank() ? Path.of(config.policy_file()) : Path.of(conf != null ? conf : "conf").resolve("policy.json");
        watch = new PolicyFileWatch(file.toAbsolutePath(), PolicyWhenMissing.of(context.getProperty(PolicyWhenMissing.PROPERTY)),
                System::currentTimeMillis, demo());
        watch.refresh();
        authorization = new Authorization(watch);
        poller = scheduler;
        poller.scheduleWithFixedDelay(watch::refresh, config.poll_interval_ms(), config.poll_interval_ms(), TimeUnit.MILLISECONDS);
    }

    /** Stops looking at the file. */
    @Deactivate
    public void deactivate() {
        poller.shutdownNow();
    }

    @Override
    public Decision authorize(Command command) {
        return authorization.decide(command);
    }

    @Override
    public String featureId() {
        return "authorization";
    }

    @Override
    public Map<String, Object> properties() {
        return authorization.properties();
    }

    private static PolicyDocument demo() {
        try (InputStream in = PolicyAuthorizer.class.getResourceAsStream(DEMO)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks its " + DEMO);
            }
            return PolicyParser.parse(Path.of(DEMO), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PolicyException e) {
            throw new IllegalStateException("the bundle's own " + DEMO + " is invalid: " + e.getMessage(), e);
        }
    }
}
