/**
 * What the web console bundle of this distribution reads and does in the running core: the status document of
 * {@code mviot-edge status}, the devices with their channels' latest values, a write through the command path, and
 * the validation of a device descriptor exactly as the running gateway and {@code mviot-edge check} do it.
 *
 * <p>Exported for the distribution's own web console only (not part of the device and driver api in
 * {@code org.mviot.edge.api}): it may change with the core.
 */
@Version("1.0.0")
@Export
package org.mviot.edge.core.console;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
