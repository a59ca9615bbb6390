package org.mviot.edge.core.internal.descriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.SettingProblem;
import org.mviot.edge.core.internal.log.LogSafe;

/**
 * A driver's own rules for a descriptor ({@link Driver#validate}), told as {@link DescriptorProblem}s at JSON paths
 * like the core's: the driver's key path {@code connection.port} becomes {@code $.connection.port}, and
 * {@code channels.speed.address.register} becomes {@code $.channels[2].address.register}. So the running gateway and
 * {@code mviot-edge check} list a descriptor's core and driver problems together, in one form.
 */
public final class DriverRules {

    private static final String CHANNELS = "channels.";

    private DriverRules() {
    }

    /**
     * @param origin       the file or document
     * @param device       the device as its driver sees it
     * @param channelIndex each channel's index in {@code $.channels}
     * @param driver       its driver
     * @return the driver's problems; empty when it accepts the device
     */
    public static List<DescriptorProblem> check(String origin, DeviceDescriptor device, Map<String, Integer> channelIndex, Driver driver) {
        return verdict(origin, device, channelIndex, driver).problems();
    }

    /**
     * The driver's problems, and its own one-line summary of them (for a device's status).
     *
     * @param problems the problems; empty when the driver accepts the device
     * @param summary  the driver's message naming them all, or {@code null}
     */
    public record Verdict(List<DescriptorProblem> problems, String summary) {
    }

    /**
     * @param origin       the file or document
     * @param device       the device as its driver sees it
     * @param channelIndex each channel's index in {@code $.channels}
     * @param driver       its driver
     * @return the driver's problems with its summary
     */
    public static Verdict verdict(String origin, DeviceDescriptor device, Map<String, Integer> channelIndex, Driver driver) {
        try {
            driver.validate(device);
            return new Verdict(List.of(), null);
        } catch (DriverException e) {
            String summary = LogSafe.text(e.getMessage(), 2000);
            if (e.problems().isEmpty()) {
                return new Verdict(List.of(new DescriptorProblem(origin, "$", "driver '" + driver.name() + "': " + LogSafe.text(e.getMessage(), 1000))),
                        summary);
            }
            List<DescriptorProblem> out = new ArrayList<>();
            for (SettingProblem p : e.problems()) {
                out.add(new DescriptorProblem(origin, jsonPath(p.path(), channelIndex), "device '" + LogSafe.text(device.id()) + "': driver '"
                        + driver.name() + "': " + LogSafe.text(p.message(), 1000)));
            }
            return new Verdict(out, summary);
        } catch (RuntimeException e) {
            String why = "driver '" + driver.name() + "' failed to check the device: " + LogSafe.text(e.toString(), 500);
            return new Verdict(List.of(new DescriptorProblem(origin, "$", why)), why);
        }
    }

    /**
     * @param channels the channels of a valid device, in descriptor order
     * @return each channel's index by name
     */
    public static Map<String, Integer> indexOf(List<org.mviot.edge.api.device.ChannelSpec> channels) {
        Map<String, Integer> m = new java.util.HashMap<>();
        for (int i = 0; i < channels.size(); i++) {
            m.putIfAbsent(channels.get(i).name(), i);
        }
        return m;
    }

    /** A driver's key path as a JSON path into the descriptor; a path of another form is kept, under {@code $}. */
    static String jsonPath(String keyPath, Map<String, Integer> channelIndex) {
        String path = LogSafe.text(keyPath, 300);
        if (path.startsWith(CHANNELS)) {
            String rest = path.substring(CHANNELS.length());
            // the longest channel name that the path starts with: names may hold dots
            String best = null;
            for (String name : channelIndex.keySet()) {
                if ((rest.equals(name) || rest.startsWith(name + ".")) && (best == null || name.length() > best.length())) {
                    best = name;
                }
            }
            if (best != null) {
                return "$.channels[" + channelIndex.get(best) + "]" + rest.substring(best.length());
            }
        }
        return path.startsWith("$") ? path : "$." + path;
    }
}
