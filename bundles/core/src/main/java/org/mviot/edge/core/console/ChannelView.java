package org.mviot.edge.core.console;

import java.time.Instant;

/**
 * A channel (or a derived value) with its latest value.
 *
 * @param id        channel name
 * @param type      the type reported: {@code boolean}, {@code int}, {@code long}, {@code double}, {@code string}
 * @param access    {@code read}, {@code write}, {@code read_write}, or {@code derived}
 * @param unit      unit, may be empty
 * @param min       lowest allowed value, {@code null} for none
 * @param max       highest allowed value, {@code null} for none
 * @param value     the latest value (before edge stages; a personal-data token, never the value), {@code null} before the first
 * @param quality   {@code good}, {@code uncertain}, {@code bad}, or {@code null} before the first value
 * @param changedAt the time of the latest value, or {@code null}
 * @param twinPath  the twin property it reports to, {@code feature/path}
 */
public record ChannelView(String id, String type, String access, String unit, Double min, Double max, Object value, String quality,
                          Instant changedAt, String twinPath) {
}
