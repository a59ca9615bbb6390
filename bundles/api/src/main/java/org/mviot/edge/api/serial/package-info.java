/**
 * Serial ports as a service: one bundle owns the machine's serial ports and lends them to drivers
 * (serial line devices, Modbus RTU, GNSS receivers), opening each port once, serializing the
 * exchanges of several devices that share one bus, and reopening a port that went away.
 */
@Version("1.0.0")
@Export
package org.mviot.edge.api.serial;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
