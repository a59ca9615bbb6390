/**
 * The gateway clock: synchronized time and how good it is (SpaR-RecR-1).
 */
@Version("1.0.0")
@Export
package org.mviot.edge.api.time;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
