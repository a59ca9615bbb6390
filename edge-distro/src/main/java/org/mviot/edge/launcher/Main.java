package org.mviot.edge.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.mviot.edge.api.launch.FrameworkProperties;
import org.mviot.edge.launcher.config.BootProvisioning;
import org.mviot.edge.launcher.config.ConfigException;
import org.mviot.edge.launcher.config.Feature;
import org.mviot.edge.launcher.config.FeatureCatalog;
import org.mviot.edge.launcher.config.FeatureInstaller;
import org.mviot.edge.launcher.config.GatewaySettings;
import org.mviot.edge.launcher.config.HardwareProfile;
import org.mviot.edge.launcher.framework.GatewayRuntime;
import org.mviot.edge.launcher.framework.Readiness;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code mviot-edge} command: runs the gateway and manages its settings and features.
 * Exit codes: 0 success, 1 runtime failure, 2 invalid configuration or usage.
 */
public final class Main {

    /** Exit code for invalid configuration or usage. */
    public static final int EXIT_CONFIG = 2;
    /** Feature every gateway runs: the OSGi services the rest stands on. */
    public static final String RUNTIME_FEATURE = "runtime";
    /** Feature started when the hardware profile says {@code local.broker=true}. */
    public static final String LOCAL_BROKER_FEATURE = "local-broker";
    /** How long {@code run} waits for readiness before reporting what is missing. */
    private static final long READY_TIMEOUT_MS = Long.getLong("mviot.ready.timeout", 60_000L);
    /** A SIGTERM must end the process within 5 s; the framework gets most of it. */
    private static final long STOP_TIMEOUT_MS = 4_500L;

    private static final Set<String> LAYOUT_OPTIONS = Set.of("home", "conf", "data", "deploy");

    private final PrintStream out;
    private final Map<String, String> env;

    Main(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.env = env;
    }

    /**
     * Entry point.
     *
     * @param args command and options
     */
    public static void main(String[] args) {
        LogSetup.configure(System.getenv());
        int code = new Main(System.out, System.getenv()).execute(Arrays.asList(args));
        System.out.flush();
        System.exit(code);
    }

    int execute(List<String> args) {
        String command = args.isEmpty() ? "help" : args.get(0);
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        try {
            return switch (command) {
                case "run" -> run(Options.parse(command, rest, with("profile")));
                case "provision" -> provision(Options.parse(command, rest, with("id", "broker", "profile", "local-broker-port")));
                case "install" -> install(Options.parse(command, rest, LAYOUT_OPTIONS));
                case "uninstall" -> uninstall(Options.parse(command, rest, LAYOUT_OPTIONS));
                case "features" -> features(Options.parse(command, rest, LAYOUT_OPTIONS));
                case "check" -> check(Options.parse(command, rest, with("profile")));
                case "shell" -> shell(rest);
                case "help", "--help", "-h" -> {
                    usage(out);
                    yield 0;
                }
                default -> throw new ConfigException("unknown command '" + command + "' (try: mviot-edge help)");
            };
        } catch (ConfigException e) {
            System.err.println("mviot-edge: " + e.getMessage());
            return EXIT_CONFIG;
        } catch (IOException e) {
            System.err.println("mviot-edge: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static Set<String> with(String... more) {
        Set<String> s = new LinkedHashSet<>(LAYOUT_OPTIONS);
        s.addAll(Arrays.asList(more));
        return s;
    }

    /** The settings, profile and features a {@code run} would use; validated. */
    private record Plan(Layout layout, GatewaySettings settings, HardwareProfile profile, FeatureCatalog catalog,
            List<Feature> features) {
    }

    private Plan plan(Options o, boolean importBootFile) throws ConfigException, IOException {
        Layout layout = Layout.resolve(o.options(), env);
        if (importBootFile) {
            Optional<Path> imported = new BootProvisioning(bootCandidates()).importInto(layout.settingsFile());
            imported.ifPresent(p -> log().info("provisioned from {} into {}", p, layout.settingsFile()));
        }
        GatewaySettings settings = java.nio.file.Files.exists(layout.settingsFile())
                ? GatewaySettings.read(layout.settingsFile())
                : GatewaySettings.unprovisioned();
        String profileName = o.options().getOrDefault("profile",
                env.getOrDefault("MVIOT_PROFILE", settings.profile()));
        HardwareProfile profile = HardwareProfile.load(profileName, layout.profileDirectories());
        FeatureCatalog catalog = FeatureCatalog.read(layout.features(), layout.system());
        List<String> names = new ArrayList<>();
        names.add(RUNTIME_FEATURE);
        if (profile.localBroker()) {
            // before the profile's features: the broker listens before the cloud link first connects
            // to it, and stops after the link has said goodbye
            names.add(LOCAL_BROKER_FEATURE);
        }
        names.addAll(profile.features());
        List<Feature> features = catalog.resolve(names, "hardware profile " + profile.name() + " (features, local.broker)");
        settings = new GatewaySettings(settings.gatewayId(), settings.brokerUri(), profile.name(), settings.extra());
        String port = env.get("MVIOT_LOCAL_BROKER_PORT");
        if (port != null && !port.isBlank()) {
            settings = settings.withLocalBrokerPort(GatewaySettings.localBrokerPort("MVIOT_LOCAL_BROKER_PORT", port));
        }
        return new Plan(layout, settings, profile, catalog, features);
    }

    private List<Path> bootCandidates() {
        String override = env.get("MVIOT_BOOT_CONF");
        return override != null ? List.of(Path.of(override)) : BootProvisioning.DEFAULT_LOCATIONS;
    }

    private int run(Options o) throws ConfigException, IOException, InterruptedException {
        Plan plan = plan(o, true);
        plan.layout().prepareWritable();
        Map<String, String> props = new java.util.LinkedHashMap<>(plan.settings().frameworkProperties());
        if (plan.profile().localBroker()) {
            // the local broker's port; the cloud link connects to it when no cloud broker is provisioned
            props.put(FrameworkProperties.LOCAL_BROKER_PORT, Integer.toString(plan.settings().localBrokerPort()));
            props.put(FrameworkProperties.LOCAL_BROKER_URI, localBrokerUri(plan.settings()));
        }
        if (plan.settings().brokerUri() == null) {
            log().info("no cloud broker provisioned in {}: gateway id {}{} (set one with 'mviot-edge provision --id ID --broker URI')",
                    plan.layout().settingsFile(), plan.settings().gatewayId(), plan.profile().localBroker()
                            ? ", twin updates go to the local broker " + localBrokerUri(plan.settings()) : "");
        }
        GatewayRuntime runtime = new GatewayRuntime(plan.layout(), plan.features(), props);
        log().info("starting gateway {} on profile {} ({}), features {}", plan.settings().gatewayId(),
                plan.profile().name(), plan.profile().board(), plan.features().stream().map(Feature::name).toList());
        List<Bundle> bundles;
        try {
            bundles = runtime.start(System.console() != null);
        } catch (BundleException e) {
            log().error("the OSGi framework cannot start: {}", e.getMessage());
            return 1;
        }
        ShutdownOnSignal.install(runtime, STOP_TIMEOUT_MS);
        List<String> problems = new Readiness(runtime.framework().getBundleContext(), bundles).await(READY_TIMEOUT_MS);
        if (problems.isEmpty()) {
            out.println("mviot-edge ready in " + millisSinceProcessStart() + " ms");
            out.flush();
        } else {
            log().warn("gateway running but not ready after {} ms: {}", READY_TIMEOUT_MS, String.join("; ", problems));
        }
        runtime.framework().waitForStop(0);
        return 0;
    }

    private static String localBrokerUri(GatewaySettings settings) {
        return "tcp://127.0.0.1:" + settings.localBrokerPort();
    }

    /** Milliseconds since the launcher script started (it passes the time), else since the JVM started. */
    private static long millisSinceProcessStart() {
        long start = Long.getLong("mviot.start.ms", 0L);
        if (start <= 0) {
            start = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        }
        return System.currentTimeMillis() - start;
    }

    private int provision(Options o) throws ConfigException, IOException {
        Layout layout = Layout.resolve(o.options(), env);
        GatewaySettings settings = GatewaySettings.of(o.options().get("id"), o.options().get("broker"), o.options().get("profile"));
        HardwareProfile.load(settings.profile(), layout.profileDirectories());
        String port = o.options().get("local-broker-port");
        int localPort = port == null ? 0 : GatewaySettings.localBrokerPort("--local-broker-port", port);
        if (java.nio.file.Files.exists(layout.settingsFile())) {
            GatewaySettings old = GatewaySettings.read(layout.settingsFile());
            settings = new GatewaySettings(settings.gatewayId(), settings.brokerUri(), settings.profile(), old.extra());
        }
        if (port != null) {
            settings = settings.withLocalBrokerPort(localPort);
        }
        settings.write(layout.settingsFile());
        out.println("provisioned gateway " + settings.gatewayId() + " (broker " + (settings.brokerUri() == null ? "none" : settings.brokerUri())
                + ", profile " + settings.profile() + (settings.extra().containsKey(GatewaySettings.LOCAL_BROKER_PORT)
                        ? ", local broker port " + settings.localBrokerPort() : "") + ") in " + layout.settingsFile());
        return 0;
    }

    private int install(Options o) throws ConfigException, IOException {
        Plan plan = plan(o, false);
        String name = single(o, "install FEATURE");
        Set<String> inProfile = new java.util.HashSet<>();
        plan.features().forEach(f -> inProfile.add(f.name()));
        List<Path> placed = new FeatureInstaller(plan.catalog(), plan.layout().deploy()).install(name, inProfile);
        out.println("feature " + name + ": " + placed.size() + " file(s) placed in " + plan.layout().deploy()
                + "; a running gateway installs them within a second");
        return 0;
    }

    private int uninstall(Options o) throws ConfigException, IOException {
        Plan plan = plan(o, false);
        String name = single(o, "uninstall FEATURE");
        List<Path> removed = new FeatureInstaller(plan.catalog(), plan.layout().deploy()).uninstall(name);
        out.println("feature " + name + ": " + removed.size() + " bundle(s) removed from " + plan.layout().deploy());
        return 0;
    }

    private int features(Options o) throws ConfigException, IOException {
        Plan plan = plan(o, false);
        FeatureInstaller installer = new FeatureInstaller(plan.catalog(), plan.layout().deploy());
        for (Feature f : plan.catalog().all().values()) {
            String state = plan.features().contains(f) ? "profile " + plan.profile().name()
                    : installer.isDeployed(f.name()) ? "installed (deploy/)" : "available";
            out.printf("%-16s %-22s %s%n", f.name(), state, f.description());
        }
        return 0;
    }

    private int check(Options o) throws ConfigException, IOException {
        Plan plan = plan(o, false);
        out.println("settings " + (java.nio.file.Files.exists(plan.layout().settingsFile()) ? plan.layout().settingsFile() : "(not provisioned: defaults)")
                + ": gateway " + plan.settings().gatewayId() + ", broker " + plan.settings().brokerUri());
        out.println("profile " + plan.profile().name() + ": " + plan.profile().board() + ", features "
                + plan.features().stream().map(Feature::name).toList());
        if (plan.profile().localBroker()) {
            out.println("local MQTT broker: " + localBrokerUri(plan.settings()) + (plan.settings().brokerUri() == null
                    ? " (the cloud link's broker: none is provisioned)" : ""));
        }
        return 0;
    }

    /** Leading layout options select the gateway; everything after them is the Gogo command line. */
    private int shell(List<String> rest) throws ConfigException, IOException {
        int i = 0;
        while (i + 1 < rest.size() && rest.get(i).startsWith("--") && LAYOUT_OPTIONS.contains(rest.get(i).substring(2))) {
            i += 2;
        }
        Options o = Options.parse("shell", rest.subList(0, i), LAYOUT_OPTIONS);
        ShellClient client = new ShellClient(Layout.resolve(o.options(), env).data(), out);
        List<String> command = rest.subList(i, rest.size());
        return command.isEmpty() ? client.repl(System.in, System.console() != null) : client.run(String.join(" ", command));
    }

    private static String single(Options o, String usage) throws ConfigException {
        if (o.positional().size() != 1) {
            throw new ConfigException("usage: mviot-edge " + usage);
        }
        return o.positional().get(0);
    }

    static void usage(PrintStream out) {
        out.println("""
                usage: mviot-edge COMMAND [options]

                  run        [--profile NAME]                       run the gateway in the foreground
                  provision  --id ID [--broker URI] [--profile NAME] [--local-broker-port PORT]
                                                                    write the gateway's settings
                  install    FEATURE                                hot-install a feature (running or not)
                  uninstall  FEATURE                                remove a hot-installed feature
                  features                                          list features and their state
                  check      [--profile NAME]                       validate settings, profile and features
                  shell      [COMMAND...]                           run Gogo shell commands in the running gateway
                                                                    (lb, install URL, uninstall ID, scr:list, help)

                layout options (all commands): --home DIR --conf DIR --data DIR --deploy DIR
                (or MVIOT_HOME, MVIOT_CONF, MVIOT_DATA, MVIOT_DEPLOY; MVIOT_PROFILE for the profile,
                MVIOT_LOCAL_BROKER_PORT for the local MQTT broker's port)""");
    }

    private static Logger log() {
        return LoggerFactory.getLogger("org.mviot.edge.launcher");
    }
}
