package org.mviot.edge.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;

import org.mviot.edge.launcher.config.ConfigException;
import org.mviot.edge.launcher.config.Feature;
import org.mviot.edge.launcher.config.FeatureCatalog;
import org.mviot.edge.launcher.config.GpioConfiguration;
import org.mviot.edge.launcher.config.HardwareProfile;
import org.mviot.edge.launcher.framework.CheckRuntime;
import org.osgi.framework.BundleException;

/**
 * The device descriptor part of {@code mviot-edge check}: every {@code *.json} in {@code CONF/devices} (or the files
 * given) validated by the gateway's own code, the core's rules and each driver's together ({@link CheckRuntime}), every
 * problem listed with its file and JSON path.
 */
final class DescriptorCheckCommand {

    private static final String CORE_PID_FILE = "org.mviot.edge.core.cfg";
    private static final String DEFAULT_NAMESPACE = "org.mviot.edge";

    private DescriptorCheckCommand() {
    }

    /**
     * @param layout   the gateway's directories
     * @param catalog  every feature of the distribution
     * @param features the features the gateway runs
     * @param given    files named on the command line; none: the descriptor directory
     * @param out      where the report goes
     * @return the number of problems
     * @throws ConfigException when a given file does not exist
     * @throws IOException     when the distribution cannot be read
     * @throws InterruptedException when interrupted
     */
    static int run(Layout layout, FeatureCatalog catalog, List<Feature> features, HardwareProfile profile, List<String> given, PrintStream out)
            throws ConfigException, IOException, InterruptedException {
        List<Path> files = given.isEmpty() ? descriptors(layout.conf().resolve("devices")) : named(given);
        if (files.isEmpty()) {
            out.println("device descriptors: none in " + layout.conf().resolve("devices"));
            return 0;
        }
        quietBundles();
        List<Path> deployed = deployedJars(layout.deploy());
        List<Path> gateway = new ArrayList<>(FeatureCatalog.bundlesOf(features));
        gateway.addAll(deployed);
        List<Path> all = new ArrayList<>(FeatureCatalog.bundlesOf(List.copyOf(catalog.all().values())));
        all.addAll(deployed);
        List<String[]> results;
        // drivers that take board facts from the profile get them as in the running gateway (GPIO: pins, header, provider)
        Path configurations = Files.createTempDirectory("mviot-check-config-");
        try {
            GpioConfiguration.write(profile, configurations);
            try (CheckRuntime runtime = new CheckRuntime(all, configurations)) {
                Function<List<Path>, List<String[]>> check = runtime.descriptorCheck(namespace(layout.deploy()), gateway);
                results = check.apply(files);
            } catch (BundleException e) {
                throw new IOException("the descriptor check cannot start the core and driver bundles: " + e.getMessage(), e);
            }
        } finally {
            try (Stream<Path> s = Files.list(configurations)) {
                for (Path f : (Iterable<Path>) s::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(configurations);
        }
        int problems = 0;
        for (String[] r : results) {
            switch (r[0]) {
                case "problem" -> {
                    problems++;
                    out.println("  " + r[1]);
                }
                case "ok" -> out.println("  ok " + r[1]);
                default -> out.println("  note: " + r[1]);
            }
        }
        out.println("device descriptors: " + files.size() + " checked, " + (problems == 0 ? "no problems"
                : problems + (problems == 1 ? " problem" : " problems")));
        return problems;
    }

    /**
     * The drivers start and stop for the check: their INFO lines (started, endpoint opened, stopped) would bury the
     * report. Their warnings and errors still show; {@code -Dorg.slf4j.simpleLogger.log.org.mviot.edge.driver=info}
     * brings the rest back.
     */
    private static void quietBundles() {
        for (String logger : List.of("org.mviot.edge.driver", "org.mviot.edge.transport", "org.eclipse.californium")) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }

    /** The files the gateway reads: {@code *.json}, not hidden, regular files, in name order. */
    private static List<Path> descriptors(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith(".")
                    && Files.isRegularFile(p)).sorted().toList();
        }
    }

    private static List<Path> named(List<String> given) throws ConfigException {
        List<Path> out = new ArrayList<>();
        for (String g : given) {
            Path p = Path.of(g);
            if (!Files.isRegularFile(p)) {
                throw new ConfigException("check: " + g + " is not a file: name device descriptor files (conf/devices/NAME.json),"
                        + " or none to check every one in the configuration's devices directory");
            }
            out.add(p);
        }
        return out;
    }

    private static List<Path> deployedJars(Path deploy) throws IOException {
        if (!Files.isDirectory(deploy)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(deploy)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** The core's thing namespace, from its configuration in the deploy directory when one is there. */
    private static String namespace(Path deploy) throws IOException {
        Path cfg = deploy.resolve(CORE_PID_FILE);
        if (!Files.isRegularFile(cfg)) {
            return DEFAULT_NAMESPACE;
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(cfg)) {
            p.load(in);
        }
        return p.getProperty("thing.namespace", DEFAULT_NAMESPACE).trim();
    }
}
