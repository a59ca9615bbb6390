/**
 * The device model: self-describing devices, their channels and their working status.
 */
@Version("1.0.0")
@Export
package org.mviot.edge.api.device;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
