package org.mviot.edge.console.web.internal.api;

import java.util.ArrayList;
import java.util.List;

import org.mviot.edge.console.web.internal.auth.Sessions;
import org.mviot.edge.console.web.internal.events.ChangeFeed;
import org.mviot.edge.console.web.internal.events.SseClient;
import org.mviot.edge.console.web.internal.events.SseWriter;
import org.mviot.edge.console.web.internal.events.StreamSlots;
import org.mviot.edge.console.web.internal.http.ApiException;
import org.mviot.edge.console.web.internal.http.Audit;
import org.mviot.edge.console.web.internal.http.Call;
import org.mviot.edge.console.web.internal.http.Route;
import org.mviot.edge.core.console.GatewayConsole;

/**
 * {@code GET /events[?device=ID]}: server-sent events {@code state} and {@code values} (a tick's value changes in one
 * {@link org.mviot.edge.console.web.internal.events.ValuesEvent}), first the current ones, then
 * each change ({@link ChangeFeed}); a heartbeat comment every 15 s. The stream ends when the client goes, when its
 * session ends (logout, idle timeout; checked every second), or when it fell too far behind (it reconnects and starts again from the current values).
 * Each stream runs on a thread of its own ({@link StreamSlots}), not on one of the server's.
 */
public final class EventApi {

    private final GatewayConsole core;
    private final ChangeFeed feed;
    private final StreamSlots slots;
    private final Sessions sessions;

    /**
     * @param core  the running core
     * @param feed  the change feed
     * @param slots    the stream bound
     * @param sessions the open sessions: a stream ends with its session (logout, idle timeout)
     */
    public EventApi(GatewayConsole core, ChangeFeed feed, StreamSlots slots, Sessions sessions) {
        this.core = core;
        this.feed = feed;
        this.slots = slots;
        this.sessions = sessions;
    }

    /** @return the routes */
    public List<Route> routes() {
        return List.of(Route.of("GET", "/events", this::stream));
    }

    private void stream(Call c) {
        String device = c.query("device");
        if (device != null && core.device(device).isEmpty()) {
            throw new ApiException(404, "no device " + Audit.quote(device));
        }
        String session = c.session().id();
        slots.start(c.req(), "events", () -> {
            SseClient client = new SseClient(device);
            try {
                SseWriter w = new SseWriter(c.resp());
                feed.add(client);
                long quietSince = System.nanoTime();
                List<byte[]> pieces = new ArrayList<>();
                while (!client.dropped() && sessions.isOpen(session)) {
                    if (client.next(1000, pieces)) {
                        w.write(pieces);
                        quietSince = System.nanoTime();
                    } else if (System.nanoTime() - quietSince >= SseWriter.HEARTBEAT_MS * 1_000_000) {
                        w.heartbeat();
                        quietSince = System.nanoTime();
                    }
                }
            } finally {
                feed.remove(client);
            }
        });
    }
}
