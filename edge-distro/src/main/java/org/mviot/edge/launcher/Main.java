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
import org.mviot.edge.launcher.config.CommandPolicy;
import org.mviot.edge.launcher.config.ConfigException;
import org.mviot.edge.launcher.config.Feature;
import org.mviot.edge.launcher.config.FeatureCatalog;
import org.mviot.edge.launcher.config.FeatureInstaller;
import org.mviot.edge.launcher.config.GatewaySettings;
import org.mviot.edge.launcher.config.GpioConfiguration;
import org.mviot.edge.launcher.config.TimeAndPositionConfiguration;
import org.mviot.edge.launcher.config.HardwareProfile;
import org.mviot.edge.launcher.config.SecureMode;
import org.mviot.edge.launcher.framework.FastAead;
import org.mviot.edge.launcher.framework.GatewayRuntime;
import org.mviot.edge.launcher.framework.Readiness;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code mviot-edge} command: runs the gateway and manages its settings and features.
 * Exit codes: 0 success, 1 runtime failure, 2 invalid configuration or usage, 3 no gateway running
 * ({@code status}, {@code shell}).
 */
public final class Main {

    /** Exit code for invalid configuration or usage. */
    public static final int EXIT_CONFIG = 2;
    /** Exit code of {@code status} and {@code shell} when no gateway runs on the data directory. */
    public static final int EXIT_NOT_RUNNING = 3;
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
        if (args.length > 0 && args[0].equals("run") && System.console() != null
                && !"false".equals(System.getProperty("mviot.terminal.prompt"))) {
            // the console's g! prompt and the log share the terminal
            TerminalPrompt.install();
        }
        try {
            LogSetup.configure(System.getenv());
        } catch (ConfigException e) {
            System.err.println("mviot-edge: " + e.getMessage());
            System.exit(EXIT_CONFIG);
        }
        int code = new Main(System.out, System.getenv()).execute(Arrays.asList(args));
        System.out.flush();
        System.exit(code);
    }

    /** The commands, their options and their help: the parser and {@code --help} read the same description. */
    static final Map<String, CommandSpec> COMMANDS = commands();

    private static Map<String, CommandSpec> commands() {
        CommandSpec.OptionSpec profile = new CommandSpec.OptionSpec("profile", 'p', "NAME", false,
                "hardware profile (MVIOT_PROFILE; default: the provisioned one, else sim)");
        Map<String, CommandSpec> m = new java.util.LinkedHashMap<>();
        m.put("run", new CommandSpec("run", "Runs the gateway in the foreground until SIGTERM or Ctrl-C (systemd runs exactly this).",
                List.of(), 0, withLayout(profile), """
                        Prints 'mviot-edge ready in N ms' once every bundle is active; features marked start=after-ready
                        (web console, clock, position) start right after. One gateway per data directory:
                        a second run on the same data exits 2 naming the running one."""));
        m.put("provision", new CommandSpec("provision", "Writes the gateway's settings to CONF/gateway.properties.", List.of(), 0,
                withLayout(new CommandSpec.OptionSpec("id", 'i', "ID", false, "gateway id: MQTT client id and twin name (required unless only files are provisioned)"),
                        new CommandSpec.OptionSpec("broker", 'b', "URI", false,
                                "cloud MQTT broker (tcp, ssl, mqtt, mqtts, ws, wss); none: the local broker of profiles that run one"),
                        profile,
                        new CommandSpec.OptionSpec("local-broker-port", (char) 0, "PORT", false, "port of the local MQTT broker (default 1883)"),
                        new CommandSpec.OptionSpec("ca", (char) 0, "FILE", false, "PEM file of the CA certificates that sign the broker's certificate"),
                        new CommandSpec.OptionSpec("cert", (char) 0, "FILE", false, "client certificate for mutual TLS: PEM chain (with --key) or PKCS#12"),
                        new CommandSpec.OptionSpec("key", (char) 0, "FILE", false, "the PEM client certificate's private key (PKCS#8)"),
                        new CommandSpec.OptionSpec("cert-password-file", (char) 0, "FILE", false, "file holding the PKCS#12 file's password"),
                        new CommandSpec.OptionSpec("username", (char) 0, "USER", false, "broker user name"),
                        new CommandSpec.OptionSpec("password-file", (char) 0, "FILE", false, "file holding the broker password (never on the command line)"),
                        new CommandSpec.OptionSpec("policy", (char) 0, "FILE", false,
                                "command policy (JSON, see the security bundle's README): checked, then copied to CONF/policy.json (mode 0600)"),
                        new CommandSpec.OptionSpec("admin-password-file", (char) 0, "FILE", false,
                                "web console admin password: its first line ('-': typed twice, or a line of standard input); "
                                        + "stored as a salted PBKDF2 hash in CONF/console/admin.pbkdf2 (mode 0600)")),
                """
                        A running gateway applies new settings at its next start: provision says so and names the command
                        (sudo systemctl restart mviot-edge for the service; stop and start 'mviot-edge run' otherwise).
                        Certificates, keys and the password are checked, then copied into CONF/keys/ (mode 0600) and
                        referenced from gateway.properties; a PKCS#12 file is converted to PEM there."""));
        m.put("install", new CommandSpec("install", "Hot-installs a feature: places its bundles and configuration in DEPLOY.",
                List.of("FEATURE"), 1, CommandSpec.LAYOUT, "A running gateway installs them within a second. 'mviot-edge features' lists them."));
        m.put("uninstall", new CommandSpec("uninstall", "Removes a hot-installed feature's bundles from DEPLOY (your configuration stays).",
                List.of("FEATURE"), 1, CommandSpec.LAYOUT, ""));
        m.put("features", new CommandSpec("features", "Lists the features: started by the profile, installed, or available.",
                List.of(), 0, withLayout(profile), ""));
        m.put("check", new CommandSpec("check", "Validates settings, profile, features and device descriptors without starting the gateway.",
                List.of("FILE..."), 0, withLayout(profile), """
                        Checks every CONF/devices/*.json, or the FILEs given, by the gateway's own rules: the core's and each
                        driver's, every problem listed with its file and JSON path. Exit code 2 when anything is invalid."""));
        m.put("shell", new CommandSpec("shell", "Runs Gogo shell commands in the running gateway; without a command, reads them from standard input.",
                List.of("COMMAND..."), 0, CommandSpec.LAYOUT,
                "Layout options come first; every word after them is the shell command line (lb, install URL, start ID,\n"
                        + "uninstall ID, scr:list, mviot:status, mviot:devices, mviot:channels DEVICE, mviot:twins,\n"
                        + "mviot:write DEVICE CHANNEL VALUE, help, help mviot:twins). Exit code 1 when the command failed,\n"
                        + "3 when no gateway runs on the data directory."));
        m.put("status", new CommandSpec("status", "Shows the running gateway: version, profile, uptime, clock, its twin's features, "
                + "the cloud link and its queue, the local broker's login, every device.", List.of(), 0,
                withLayout(new CommandSpec.OptionSpec("json", 'j', null, false, "JSON with stable field names, for scripts")), """
                        Asks the running gateway over its shell socket (the same as 'mviot-edge shell mviot:status'), so it works
                        with no broker and with the cloud unreachable. Exit code 3 when no gateway runs on the data directory."""));
        m.put("broker-credentials", new CommandSpec("broker-credentials",
                "Prints the login of the local MQTT broker (profiles with local.broker=true) for local clients.", List.of(), 0,
                withLayout(profile, new CommandSpec.OptionSpec("mosquitto", (char) 0, null, false,
                        "print only the lines of a mosquitto_sub / mosquitto_pub options file")),
                "The broker generates its logins at its first start into DATA/" + LocalBrokerLogin.RELATIVE_FILE + " (mode 0600)."));
        m.put("version", new CommandSpec("version", "Prints the version, the commit it was built from, the Java runtime and the profile.",
                List.of(), 0, withLayout(profile), ""));
        m.put("help", new CommandSpec("help", "Prints the list of commands, or one command's help.", List.of("COMMAND"), 0, List.of(), ""));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static List<CommandSpec.OptionSpec> withLayout(CommandSpec.OptionSpec... more) {
        List<CommandSpec.OptionSpec> l = new ArrayList<>(Arrays.asList(more));
        l.addAll(CommandSpec.LAYOUT);
        return List.copyOf(l);
    }

    int execute(List<String> args) {
        String command = args.isEmpty() ? "help" : args.get(0);
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        if (command.equals("--help") || command.equals("-h")) {
            command = "help";
        } else if (command.equals("--version") || command.equals("-V")) {
            command = "version";
        }
        try {
            CommandSpec spec = COMMANDS.get(command);
            if (spec == null) {
                throw new ConfigException("unknown command '" + command + "'\nusage: mviot-edge COMMAND [options]   (commands: "
                        + String.join(", ", COMMANDS.keySet()) + "; mviot-edge --help for more)");
            }
            if (command.equals("shell")) {
                return shell(rest);
            }
            Options o = Options.parse(spec, rest);
            if (o.help()) {
                out.print(spec.help());
                return 0;
            }
            return switch (command) {
                case "run" -> run(o);
                case "provision" -> provision(o);
                case "install" -> install(o);
                case "uninstall" -> uninstall(o);
                case "features" -> features(o);
                case "check" -> check(o);
                case "status" -> status(o);
                case "version" -> version(o);
                case "broker-credentials" -> brokerCredentials(o);
                default -> help(o);
            };
        } catch (ConfigException e) {
            System.err.println("mviot-edge: " + e.getMessage());
            return EXIT_CONFIG;
        } catch (GatewayNotRunningException e) {
            System.err.println("mviot-edge: " + e.getMessage());
            return EXIT_NOT_RUNNING;
        } catch (IOException e) {
            System.err.println("mviot-edge: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int help(Options o) throws ConfigException {
        if (o.positional().isEmpty()) {
            usage(out);
            return 0;
        }
        CommandSpec spec = COMMANDS.get(o.positional().get(0));
        if (spec == null) {
            throw new ConfigException("help: no command '" + o.positional().get(0) + "' (commands: " + String.join(", ", COMMANDS.keySet()) + ")");
        }
        out.print(spec.help());
        return 0;
    }

    private static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "unknown (not run from the built launcher jar)" : v;
    }

    private int version(Options o) throws IOException {
        String version = version();
        String commit = BuildInfo.commit().orElse("unknown");
        out.println("mviot-edge " + version + " (commit " + commit + ")");
        out.println("java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + ")");
        String profile;
        try {
            Layout layout = Layout.resolve(o.options(), env);
            GatewaySettings settings = java.nio.file.Files.exists(layout.settingsFile())
                    ? GatewaySettings.read(layout.settingsFile())
                    : GatewaySettings.unprovisioned();
            profile = o.options().getOrDefault("profile", env.getOrDefault("MVIOT_PROFILE", settings.profile()));
        } catch (ConfigException e) {
            profile = "unknown (" + e.getMessage() + ")";
        }
        out.println("profile " + profile);
        return 0;
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
        Layout layout = Layout.resolve(o.options(), env);
        layout.prepareWritable();
        // before anything in the data directory is opened; held until the process ends
        InstanceLock.acquire(layout.data());
        Plan plan = plan(o, true);
        Map<String, String> props = new java.util.LinkedHashMap<>(plan.settings().frameworkProperties());
        // what mviot:status / mviot-edge status show of the gateway
        props.put("mviot.version", version());
        props.put("mviot.profile", plan.profile().name());
        if (plan.profile().localBroker()) {
            // the local broker's port; the cloud link connects to it when no cloud broker is provisioned
            props.put(FrameworkProperties.LOCAL_BROKER_PORT, Integer.toString(plan.settings().localBrokerPort()));
            props.put(FrameworkProperties.LOCAL_BROKER_URI, localBrokerUri(plan.settings()));
            // where the broker keeps its logins and the cloud link finds its own: a path, never a password
            props.put(FrameworkProperties.LOCAL_BROKER_CREDENTIALS, LocalBrokerLogin.file(plan.layout().data()).toString());
        }
        if (plan.settings().brokerUri() == null) {
            log().info("no cloud broker provisioned{} (mviot-edge provision --broker URI sets one)", plan.profile().localBroker()
                    ? ": twin updates go to the local broker " + localBrokerUri(plan.settings()) : "");
        }
        // the cipher this JVM on this CPU computes faster: queue.cipher=auto and the console's TLS order follow it
        props.put(FastAead.PROPERTY, FastAead.ofThisProcess().setting());
        // the profile's queue.encrypt / queue.cipher reach the cloud link (its Config Admin keys win)
        props.putAll(plan.profile().queueSealing().frameworkProperties());
        // the security feature: a missing authorizer denies; what applies while no policy file exists
        props.putAll(CommandPolicy.frameworkProperties(plan.profile(), plan.features()));
        // board facts reach the GPIO driver through Config Admin (FileInstall reads deploy/*.cfg)
        GpioConfiguration.write(plan.profile(), plan.layout().deploy());
        // the clock's NTP servers and the position's sources, from the profile at the first run
        TimeAndPositionConfiguration.write(plan.profile(), plan.layout().deploy());
        // the web console's HTTPS server (feature web-console): port, address, certificate
        props.putAll(org.mviot.edge.launcher.console.ConsoleServer.frameworkProperties(plan.layout().conf(), plan.settings(), plan.features(),
                new FeatureInstaller(plan.catalog(), plan.layout().deploy()).isDeployed(org.mviot.edge.launcher.console.ConsoleServer.FEATURE),
                env.get("MVIOT_CONSOLE_PORT")));
        GatewayRuntime runtime = new GatewayRuntime(plan.layout(), plan.features(), props);
        SecureMode secure = SecureMode.resolve(plan.layout(), plan.profile(), plan.settings());
        log().info("{}", secure.describe());
        Optional<org.mviot.edge.launcher.security.SignedBundleGate> gate = secure.gate(plan.layout());
        gate.ifPresent(runtime::guardInstallsWith);
        // the board's description is in 'mviot-edge check' and the GPIO driver's line: this one stays short
        log().info("starting gateway {} (profile {}): {}", plan.settings().gatewayId(), plan.profile().name(),
                String.join(" ", plan.features().stream().map(Feature::name).toList()));
        List<Bundle> bundles;
        try {
            bundles = runtime.start(System.console() != null);
        } catch (BundleException e) {
            log().error("the OSGi framework cannot start: {}", e.getMessage());
            return 1;
        }
        // what the web console shows of the launcher: features (install, uninstall), the log's last lines, secure mode's refusals
        org.mviot.edge.launcher.console.LauncherServices.register(runtime.framework().getBundleContext(), plan.catalog(), plan.layout().deploy(),
                plan.features(), gate);
        ShutdownOnSignal.install(runtime, STOP_TIMEOUT_MS);
        List<String> problems = new Readiness(runtime.framework().getBundleContext(), bundles).await(READY_TIMEOUT_MS);
        if (problems.isEmpty()) {
            out.println("mviot-edge ready in " + millisSinceProcessStart() + " ms");
            out.flush();
        } else if (problems.equals(List.of(Readiness.STOPPED))) {
            log().info("{}", Readiness.STOPPED);
        } else {
            log().warn("gateway running but not ready after {} ms: {}", READY_TIMEOUT_MS, String.join("; ", problems));
        }
        if (!problems.equals(List.of(Readiness.STOPPED))) {
            // features marked start=after-ready (the web console, clock, position): never before ready is announced
            runtime.startAfterReady();
        }
        runtime.framework().waitForStop(0);
        return 0;
    }

    private int brokerCredentials(Options o) throws ConfigException, IOException {
        Plan plan = plan(o, false);
        Optional<LocalBrokerLogin> login = LocalBrokerLogin.read(plan.layout().data());
        if (login.isEmpty()) {
            System.err.println("mviot-edge: no local MQTT broker logins in " + LocalBrokerLogin.file(plan.layout().data())
                    + " yet: the broker generates them at its first start (mviot-edge run" + (plan.profile().localBroker() ? ")"
                            : " with a profile that says local.broker=true; profile " + plan.profile().name() + " does not)"));
            return 1;
        }
        login.get().print(out, localBrokerUri(plan.settings()), o.options().containsKey("mosquitto"));
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
        if (o.options().containsKey("policy")) {
            out.println("provisioned " + CommandPolicy.provision(Path.of(o.options().get("policy")), layout.conf(), layout.system())
                    + "; a running gateway applies it within a second");
            if (!o.options().containsKey("id")) {
                return 0;
            }
        }
        if (o.options().containsKey("admin-password-file")) {
            out.println(org.mviot.edge.launcher.console.AdminPasswordProvisioning.provision(o.options().get("admin-password-file"), layout.conf(),
                    org.mviot.edge.launcher.console.AdminPasswordProvisioning.consoleJar(layout.system(), prefix -> jarIn(layout.system(), prefix)),
                    System.in));
            RunningGateway.on(layout.data()).ifPresent(g -> out.println("the web console checks the new password at once; " + g.restartHint()
                    + " to let it answer beyond 127.0.0.1"));
            if (!o.options().containsKey("id")) {
                return 0;
            }
        }
        if (!o.options().containsKey("id")) {
            throw new ConfigException("provision: option --id ID is required\n" + COMMANDS.get("provision").usageLine());
        }
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
        settings = settings.with(new org.mviot.edge.launcher.tls.CredentialProvisioning(layout.conf()).apply(o.options()));
        settings.write(layout.settingsFile());
        out.println("provisioned gateway " + settings.gatewayId() + " (broker " + (settings.brokerUri() == null ? "none" : settings.brokerUri())
                + ", profile " + settings.profile() + (settings.extra().containsKey(GatewaySettings.LOCAL_BROKER_PORT)
                        ? ", local broker port " + settings.localBrokerPort() : "") + ") in " + layout.settingsFile());
        new org.mviot.edge.launcher.tls.CredentialsCheck(out, java.time.Instant.now()).check(settings.extra());
        // settings are read at start (the gateway id, the broker): a running gateway needs a restart
        RunningGateway.on(layout.data()).ifPresent(g -> out.println(g.restartHint()));
        return 0;
    }

    private static Path jarIn(Path dir, String prefix) {
        try (var s = java.nio.file.Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jar")).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
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
            String state = plan.features().contains(f) ? "profile " + plan.profile().name() + org.mviot.edge.launcher.config.StartPlan.of(plan.features()).note(f)
                    : installer.isDeployed(f.name()) ? "installed (deploy/)" : "available";
            out.printf("%-16s %-22s %s%n", f.name(), state, f.description());
        }
        return 0;
    }

    private int check(Options o) throws ConfigException, IOException, InterruptedException {
        Plan plan = plan(o, false);
        out.println("settings " + (java.nio.file.Files.exists(plan.layout().settingsFile()) ? plan.layout().settingsFile() : "(not provisioned: defaults)")
                + ": gateway " + plan.settings().gatewayId() + ", broker " + plan.settings().brokerUri());
        out.println("profile " + plan.profile().name() + ": " + plan.profile().board() + ", features "
                + plan.features().stream().map(Feature::name).toList());
        String policy = CommandPolicy.check(plan.layout().conf(), plan.layout().system(), plan.profile(), plan.features());
        if (policy != null) {
            out.println(policy);
        }
        if (plan.profile().localBroker()) {
            out.println("local MQTT broker: " + localBrokerUri(plan.settings()) + (plan.settings().brokerUri() == null
                    ? " (the cloud link's broker: none is provisioned)" : ""));
        }
        new org.mviot.edge.launcher.tls.CredentialsCheck(out, java.time.Instant.now()).check(plan.settings().extra());
        out.println(SecureMode.resolve(plan.layout(), plan.profile(), plan.settings()).describe());
        return DescriptorCheckCommand.run(plan.layout(), plan.catalog(), plan.features(), plan.profile(), o.positional(), out) == 0 ? 0 : EXIT_CONFIG;
    }

    /** The running gateway's {@code mviot:status}: one source of truth for the text and the JSON. */
    private int status(Options o) throws ConfigException, GatewayNotRunningException {
        Path data = Layout.resolve(o.options(), env).data();
        boolean json = o.options().containsKey("json");
        java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
        PrintStream capture = new PrintStream(answer, true, java.nio.charset.StandardCharsets.UTF_8);
        int code = new ShellClient(data, capture).run(json ? "mviot:status --json" : "mviot:status");
        // the local broker's password, read with the caller's rights (the gateway's status never holds it)
        out.print(new LocalBrokerStatus(data).addLogin(answer.toString(java.nio.charset.StandardCharsets.UTF_8), json));
        out.flush();
        return code;
    }

    /** Leading layout options select the gateway; everything after them is the Gogo command line. */
    private int shell(List<String> rest) throws ConfigException, GatewayNotRunningException, IOException {
        CommandSpec spec = COMMANDS.get("shell");
        if (!rest.isEmpty() && (rest.get(0).equals("--help") || rest.get(0).equals("-h"))) {
            out.print(spec.help());
            return 0;
        }
        int i = 0;
        while (i < rest.size() && rest.get(i).startsWith("--") && LAYOUT_OPTIONS.contains(optionName(rest.get(i)))) {
            i += rest.get(i).contains("=") ? 1 : 2;
        }
        i = Math.min(i, rest.size());
        Options o = Options.parse(spec, rest.subList(0, i));
        ShellClient client = new ShellClient(Layout.resolve(o.options(), env).data(), out);
        List<String> command = rest.subList(i, rest.size());
        return command.isEmpty() ? client.repl(System.in, System.console() != null) : client.run(String.join(" ", command));
    }

    private static String optionName(String arg) {
        String n = arg.substring(2);
        int eq = n.indexOf('=');
        return eq < 0 ? n : n.substring(0, eq);
    }

    private static String single(Options o, String usage) throws ConfigException {
        return o.positional().get(0); // the spec asked for exactly one
    }

    static void usage(PrintStream out) {
        StringBuilder b = new StringBuilder("usage: mviot-edge COMMAND [options]\n\n");
        for (CommandSpec c : COMMANDS.values()) {
            b.append(String.format("  %-10s %s%n", c.name(), c.summary()));
        }
        b.append("""

                'mviot-edge COMMAND --help' shows a command's options; 'mviot-edge --version' the version.
                Layout options (every command): --home DIR --conf DIR --data DIR --deploy DIR
                (or MVIOT_HOME, MVIOT_CONF, MVIOT_DATA, MVIOT_DEPLOY; MVIOT_PROFILE for the profile,
                MVIOT_LOCAL_BROKER_PORT for the local MQTT broker's port, MVIOT_CONSOLE_PORT for the web console's).
                Exit codes: 0 success, 1 runtime failure, 2 invalid configuration or usage,
                3 no gateway running (status, shell).""");
        out.println(b);
    }

    private static Logger log() {
        return LoggerFactory.getLogger("org.mviot.edge.launcher");
    }
}
