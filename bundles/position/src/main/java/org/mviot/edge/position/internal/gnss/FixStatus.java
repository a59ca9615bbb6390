package org.mviot.edge.position.internal.gnss;

import java.util.Optional;

/**
 * Where a GNSS source stands: a current fix, or none since a time (with the last good fix, for the
 * record, never to be reported as the position).
 *
 * @param current      the current fix, empty when there is none
 * @param lastGood     the last good fix, {@code null} when there never was one
 * @param noFixSinceMillis when the fix was lost (or the source started without one), gateway time; −1 while there is a fix
 * @param reason       why there is no fix ("GGA fix quality 0", "no data from the receiver for 5 s"…), empty while there is one
 */
public record FixStatus(Optional<GnssFix> current, GnssFix lastGood, long noFixSinceMillis, String reason) {
}
