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
     * @param config   the device when the core's rules accept it (its driver's problems, if any, are in
     *                 {@code problems}: the running gateway keeps such a device as {@code misconfigured}, so its twin
     *                 says so), or {@code null}
     * @param problems every problem, the core's and the driver's; empty when the device is valid
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
        List<DescriptorProblem> all = new ArrayList<>(p.problems());
        all.addAll(driverProblems);
        return new Outcome(p.config(), List.copyOf(all));
    }
}
