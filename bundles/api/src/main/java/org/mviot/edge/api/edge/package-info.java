/**
 * The edge computation SPI: stages run on a channel's samples on the gateway (CompR-RecR-1).
 */
@Version("1.0.0")
@Export
package org.mviot.edge.api.edge;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
