package org.mviot.edge.api.device;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bundle that contributes device descriptors, besides the files in {@code conf/devices/}: a driver
 * that discovers its devices, or a simulator that ships demo devices. Registered as an OSGi service;
 * its devices appear when it is registered and disappear when it goes away.
 */
@ConsumerType
public interface DeviceSource {

    /**
     * A device descriptor in the JSON format of {@code conf/devices/*.json}.
     *
     * @param origin where it comes from, named in validation errors (e.g. {@code org.mviot.edge.driver.sim!/demo/pump.json})
     * @param json   the JSON document
     */
    record Document(String origin, String json) {
    }

    /**
     * @return the descriptors this source contributes now
     */
    List<Document> documents();
}
