package org.mviot.edge.driver.sim.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.mviot.edge.api.device.DeviceSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The demo devices of the sim profile, so a gateway with nothing provisioned shows live devices:
 * with {@code demo=true} (Config Admin PID {@code org.mviot.edge.driver.sim}, set by the sim
 * feature) this contributes the descriptors in the bundle's {@code demo/} folder to the core.
 */
@Component(service = DeviceSource.class, configurationPid = "org.mviot.edge.driver.sim")
@Designate(ocd = DemoDevices.Config.class)
public final class DemoDevices implements DeviceSource {

    /** Settings of the simulated driver. */
    @ObjectClassDefinition(id = "org.mviot.edge.driver.sim", name = "mviot-edge simulated driver")
    public @interface Config {
        /** @return whether the demo devices run */
        @AttributeDefinition(name = "Demo devices", description = "Run the demo devices shipped in the bundle")
        boolean demo() default false;
    }

    static final List<String> FILES = List.of("sim-boiler.json", "sim-pump.json");

    private final List<Document> documents;

    /**
     * @param config settings
     * @throws IOException when a shipped descriptor cannot be read (a broken build)
     */
    @Activate
    public DemoDevices(Config config) throws IOException {
        List<Document> docs = new ArrayList<>();
        if (config.demo()) {
            for (String f : FILES) {
                try (InputStream in = DemoDevices.class.getResourceAsStream("/demo/" + f)) {
                    if (in == null) {
                        throw new IOException("demo descriptor demo/" + f + " missing from the bundle");
                    }
                    docs.add(new Document("org.mviot.edge.driver.sim!/demo/" + f, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        }
        documents = List.copyOf(docs);
    }

    @Override
    public List<Document> documents() {
        return documents;
    }
}
