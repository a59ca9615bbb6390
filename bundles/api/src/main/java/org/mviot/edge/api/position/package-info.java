/**
 * The gateway's position: absolute, relative, network-based or combined (SpaR-RecR-2).
 */
@Version("1.0.0")
@Export
package org.mviot.edge.api.position;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
