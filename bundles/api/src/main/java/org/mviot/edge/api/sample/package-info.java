/**
 * The quality of a channel's value: how far a reading, a pipeline value or a twin property can be trusted.
 */
@Version("1.0.0")
@Export
package org.mviot.edge.api.sample;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
