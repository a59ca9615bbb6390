package org.mviot.edge.core.console;

import java.time.Instant;
import java.util.List;

/**
 * A device as the console shows it.
 *
 * @param id          device id
 * @param driver      driver name
 * @param state       {@code online}, {@code offline}, {@code degraded} or {@code misconfigured}
 * @param reason      why, in words
 * @param since       when it entered the state
 * @param thing       its twin's thing id
 * @param origin      where its descriptor comes from (a file's path, or {@code bundle:...})
 * @param lastValueAt the time of its latest good or uncertain value, or {@code null}
 * @param channels    its channels and derived values
 */
public record DeviceView(String id, String driver, String state, String reason, Instant since, String thing, String origin,
                         Instant lastValueAt, List<ChannelView> channels) {
}
