package org.mviot.edge.core.internal.descriptor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.api.edge.EdgeStageFactory;
import org.mviot.edge.core.internal.log.LogSafe;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * {@code mviot-edge check}'s view of descriptor files: each file read by {@link DescriptorFile} and validated by
 * {@link DescriptorValidator}, exactly as the running gateway does, with the drivers and stage kinds registered in the
 * framework the launcher started for the check (the core bundle is resolved there, never started: no device is opened,
 * nothing is sent). Across the files it also refuses a device id or a twin given twice, as the gateway's registry does.
 *
 * <p>The launcher loads this class from the core bundle and calls it as a {@link Function} (a type both class loaders
 * share): each result is {@code {kind, text}}, kind {@code problem} (text {@code file: $.path: message}), {@code ok}
 * (text: the file and its device) or {@code note} (text: something the check could not do).
 */
public final class DescriptorCheck implements Function<List<Path>, List<String[]>> {

    private final Map<String, Driver> drivers = new HashMap<>();
    private final Map<String, EdgeStageFactory> stages = new HashMap<>();
    private final String namespace;
    private final java.util.Set<String> installed;

    /**
     * @param context   a context of the framework that runs the drivers (the system bundle's)
     * @param namespace thing namespace for devices that do not name their thing (the core's {@code thing.namespace})
     * @param installed the drivers the gateway runs (the others are checked, and their devices noted as waiting for them)
     * @throws InvalidSyntaxException never: no filter is given
     */
    public DescriptorCheck(BundleContext context, String namespace, java.util.Set<String> installed) throws InvalidSyntaxException {
        this.namespace = namespace;
        this.installed = java.util.Set.copyOf(installed);
        // all references, the launcher's context does not import the api's packages
        ServiceReference<?>[] refs = context.getAllServiceReferences(Driver.class.getName(), null);
        for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
            if (context.getService(r) instanceof Driver d) {
                drivers.putIfAbsent(d.name(), d);
            }
        }
        refs = context.getAllServiceReferences(EdgeStageFactory.class.getName(), null);
        for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
            if (context.getService(r) instanceof EdgeStageFactory f) {
                stages.putIfAbsent(f.kind(), f);
            }
        }
    }

    @Override
    public List<String[]> apply(List<Path> files) {
        DescriptorValidator validator = new DescriptorValidator(new DescriptorParser(namespace, stages::get), drivers::get);
        List<String[]> out = new ArrayList<>();
        Map<String, String> idOwner = new HashMap<>();
        Map<String, String> thingOwner = new HashMap<>();
        TreeSet<String> missingDrivers = new TreeSet<>();
        TreeSet<String> notInstalled = new TreeSet<>();
        for (Path file : files) {
            String origin = file.toString();
            DescriptorValidator.Outcome o;
            try {
                o = validator.validate(origin, DescriptorFile.read(file, origin));
            } catch (DescriptorException e) {
                o = new DescriptorValidator.Outcome(null, e.problems());
            }
            List<DescriptorProblem> problems = new ArrayList<>(o.problems());
            DeviceConfig c = o.config();
            if (c != null && problems.isEmpty()) {
                String other = idOwner.putIfAbsent(c.id(), origin);
                if (other != null) {
                    problems.add(new DescriptorProblem(origin, "$.id", "device '" + c.id() + "' is already defined by " + other
                            + "; give this device another id"));
                }
                String twin = String.valueOf(c.thing());
                String claimed = thingOwner.putIfAbsent(twin, origin);
                if (claimed != null && other == null) {
                    problems.add(new DescriptorProblem(origin, "$.thing", "device '" + c.id() + "': thing " + LogSafe.quote(twin)
                            + " is already the twin of the device defined by " + claimed + "; a thing id may be claimed by one descriptor only"));
                }
                if (!drivers.containsKey(c.descriptor().driver())) {
                    missingDrivers.add(c.descriptor().driver());
                } else if (!installed.contains(c.descriptor().driver())) {
                    notInstalled.add(c.descriptor().driver());
                }
            }
            for (DescriptorProblem p : problems) {
                out.add(new String[] {"problem", LogSafe.line(p.toString(), 2000)});
            }
            if (problems.isEmpty()) {
                out.add(new String[] {"ok", origin + ": device '" + c.id() + "' (driver " + LogSafe.text(c.descriptor().driver()) + ", "
                        + c.channels().size() + " channels)"});
            }
        }
        for (String d : missingDrivers) {
            out.add(new String[] {"note", "driver " + LogSafe.quote(d) + " could not be started for the check (not in the distribution,"
                    + " or it needs the running gateway's configuration): only the core's rules were checked for its devices"});
        }
        for (String d : notInstalled) {
            out.add(new String[] {"note", "driver " + LogSafe.quote(d) + " ships with the distribution but is not installed on this gateway:"
                    + " its devices stay offline until it is ('mviot-edge features' lists it, 'mviot-edge install FEATURE' installs it)"});
        }
        return out;
    }
}
