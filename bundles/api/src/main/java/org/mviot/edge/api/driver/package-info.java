/**
 * The driver SPI: one driver bundle per protocol opens devices, reads batches of channels, writes, and pushes events and status.
 */
@Version("1.1.0")
@Export
package org.mviot.edge.api.driver;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
