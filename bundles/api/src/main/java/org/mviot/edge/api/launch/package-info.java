/**
 * What the launcher tells every bundle before any configuration exists: the framework properties
 * that carry the gateway's directories and provisioned identity.
 */
@Version("1.1.0")
@Export
package org.mviot.edge.api.launch;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
