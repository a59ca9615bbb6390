/**
 * Twin updates going up to the cloud, commands coming down, and the SPIs the cloud link and the security layer implement.
 */
@Version("1.1.0")
@Export
package org.mviot.edge.api.twin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
