package org.mviot.edge.core.internal.registry;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the core (Config Admin PID {@code org.mviot.edge.core}). */
@ObjectClassDefinition(id = "org.mviot.edge.core", name = "mviot-edge core", description = "Device registry, acquisition, edge pipeline, twin mapping")
public @interface CoreConfig {

    /** @return directory of device descriptors; empty means {@code <mviot.conf>/devices} */
    @AttributeDefinition(name = "Device descriptor directory", description = "Empty: <conf>/devices (framework property mviot.conf)")
    String devices_dir() default "";

    /** @return how often the directory is checked */
    @AttributeDefinition(name = "Descriptor scan interval (ms)", min = "100")
    long devices_scan_ms() default 1000;

    /** @return namespace of twins whose descriptor names none */
    @AttributeDefinition(name = "Thing namespace")
    String thing_namespace() default "org.mviot.edge";

    /** @return gateway id; empty means the framework property {@code mviot.gateway.id} */
    @AttributeDefinition(name = "Gateway id", description = "Empty: framework property mviot.gateway.id")
    String gateway_id() default "";

    /**
     * @return the longest a change waits for its update when no acquisition batch announces it (the
     *         gateway twin, a device's status, a window that ends, a retry); changes from a poll
     *         cycle or an event go as soon as their batch is done
     */
    @AttributeDefinition(name = "Merge window (ms)", min = "10")
    long merge_window_ms() default 100;

    /** @return how often the link status and contributed gateway features are checked for changes worth reporting at once */
    @AttributeDefinition(name = "Gateway twin check (ms)", min = "100")
    long gateway_check_ms() default 1000;

    /** @return the shortest time between two hand-overs to the cloud link: under load, changes merge within it */
    @AttributeDefinition(name = "Minimum interval between flushes (ms)", min = "1")
    long flush_min_interval_ms() default 10;

    /** @return timeout of a device open */
    @AttributeDefinition(name = "Open timeout (ms)", min = "10")
    long open_timeout_ms() default 5000;

    /** @return timeout of a read */
    @AttributeDefinition(name = "Read timeout (ms)", min = "10")
    long read_timeout_ms() default 2000;

    /** @return timeout of a write */
    @AttributeDefinition(name = "Write timeout (ms)", min = "10")
    long write_timeout_ms() default 2000;

    /** @return threads for driver calls */
    @AttributeDefinition(name = "Driver I/O threads", min = "1", max = "64")
    int io_threads() default 4;

    /** @return driver calls that may wait for a thread */
    @AttributeDefinition(name = "Driver I/O queue", min = "1")
    int io_queue() default 256;

    /** @return most twin properties held while the uplink is backlogged */
    @AttributeDefinition(name = "Backlog bound (properties)", min = "100")
    int backlog_max_properties() default 100_000;

    /** @return interval of the gateway twin report */
    @AttributeDefinition(name = "Gateway twin interval (s)", min = "1")
    long gateway_report_s() default 10;
}
