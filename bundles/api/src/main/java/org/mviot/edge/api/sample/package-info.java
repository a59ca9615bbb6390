/**
 * Samples: a channel's value at a timestamp, with its quality and the source of its time.
 */
@Version("1.0.0")
@Export
package org.mviot.edge.api.sample;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
