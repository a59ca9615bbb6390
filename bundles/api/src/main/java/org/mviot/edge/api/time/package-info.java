/**
 * The gateway clock: synchronized time and how good it is (SpaR-RecR-1); 1.1: the quality of a
 * timestamp judged from the timestamp ({@code GatewayClock.sourceAt}, {@code uncertaintyMillisAt},
 * {@code beforeFirstSync}) and {@link org.mviot.edge.api.time.TimeReference}, a reference time
 * (GNSS) another bundle offers the clock.
 */
@Version("1.1.0")
@Export
package org.mviot.edge.api.time;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
