package org.mviot.edge.core.internal.descriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.mviot.edge.api.driver.Driver;

/**
 * The one validation of a device descriptor, used by the running gateway (descriptor files and bundles' documents)
 * and by {@code mviot-edge check}: the core's rules ({@link DescriptorParser}) and, when the device's driver is
 * installed, the driver's rules ({@link DriverRules}), every problem of both at once. The driver sees the device as
 * far as it could be read, so a typo in {@code connection} is reported together with a wrong channel type.
 */
public final class DescriptorValidator {

    /**
     * The result of one validation.
     *
     * @param config   the valid device, or {@code null}
     * @param problems every problem; empty when {@code config} is there
     */
    public record Outcome(DeviceConfig config, List<DescriptorProblem> problems) {
    }

    private final DescriptorParser parser;
    private final Function<String, Driver> drivers;

    /**
     * @param parser  the core's rules
     * @param drivers the installed driver of a name, or {@code null}
     */
    public DescriptorValidator(DescriptorParser parser, Function<String, Driver> drivers) {
        this.parser = parser;
        this.drivers = drivers;
    }

    /**
     * @param origin the file or document
     * @param text   its text
     * @return the device, or every problem of the core and of its driver
     */
    public Outcome validate(String origin, String text) {
        DescriptorParser.Parsed p = parser.read(origin, text);
        Driver driver = p.draft() == null ? null : drivers.apply(p.draft().driver());
        List<DescriptorProblem> driverProblems = driver == null ? List.of()
                : DriverRules.check(origin, p.draft(), p.channelIndex(), driver);
        if (p.config() != null && driverProblems.isEmpty()) {
            return new Outcome(p.config(), List.of());
        }
        List<DescriptorProblem> all = new ArrayList<>(p.problems());
        all.addAll(driverProblems);
        return new Outcome(null, all);
    }
}
