package org.mviot.edge.it.hello;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The component of the bundle that tests hot-deploy: it logs its activation and deactivation and
 * publishes its configuration as service properties, so a test sees Config Admin reach it.
 */
@Component(immediate = true, service = Runnable.class, configurationPid = HelloComponent.PID,
        property = "mviot.it=hello")
public final class HelloComponent implements Runnable {

    /** Configuration PID. */
    public static final String PID = "org.mviot.it.hello";
    private static final Logger LOG = LoggerFactory.getLogger(HelloComponent.class);

    /**
     * @param config the component's configuration
     */
    @Activate
    public HelloComponent(Map<String, Object> config) {
        LOG.info("hello component active, greeting={}", config.get("greeting"));
    }

    @Deactivate
    void deactivate() {
        LOG.info("hello component deactivated");
    }

    @Override
    public void run() {
        // a marker service: nothing to do
    }
}
