package org.mviot.edge.console.web.internal.api;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mviot.edge.console.web.internal.auth.Sessions;
import org.mviot.edge.console.web.internal.events.SseWriter;
import org.mviot.edge.console.web.internal.events.StreamSlots;
import org.mviot.edge.console.web.internal.http.ApiException;
import org.mviot.edge.console.web.internal.http.Call;
import org.mviot.edge.console.web.internal.http.Replies;
import org.mviot.edge.console.web.internal.http.Route;

/**
 * {@code /logs?lines=N} (1 to 1000, default 200): the log's last lines, oldest first; {@code /logs/stream}: each new
 * line as a server-sent event {@code log}. From the launcher's in-memory ring of the log's last 1000 lines.
 */
public final class LogApi {

    /** Most lines one request gets. */
    public static final int MAX_LINES = 1000;
    private static final long POLL_MS = 500;
    private static final Pattern DATE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");
    private static final Pattern LINE = Pattern.compile("^(TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - (.*)$");

    private final Launcher launcher;
    private final StreamSlots slots;
    private final Sessions sessions;

    /**
     * @param context this bundle's context
     * @param slots    the stream bound
     * @param sessions the open sessions: a stream ends with its session (logout, idle timeout)
     */
    public LogApi(org.osgi.framework.BundleContext context, StreamSlots slots, Sessions sessions) {
        this.launcher = new Launcher(context);
        this.slots = slots;
        this.sessions = sessions;
    }

    /** @return the routes */
    public List<Route> routes() {
        return List.of(Route.of("GET", "/logs", this::lines), Route.of("GET", "/logs/stream", this::stream));
    }

    private void lines(Call c) throws IOException {
        String n = c.query("lines");
        int lines;
        try {
            lines = n == null ? 200 : Integer.parseInt(n);
        } catch (NumberFormatException e) {
            lines = -1;
        }
        if (lines < 1 || lines > MAX_LINES) {
            throw new ApiException(400, "lines must be a number from 1 to " + MAX_LINES);
        }
        List<String> all = ring().apply(-1L);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String raw : all.subList(Math.max(0, all.size() - lines), all.size())) {
            out.add(entry(raw));
        }
        Replies.json(c.resp(), 200, out);
    }

    private void stream(Call c) {
        Function<Long, List<String>> ring = ring();
        String session = c.session().id();
        slots.start(c.req(), "logs", () -> {
            SseWriter w = new SseWriter(c.resp());
            List<String> now = ring.apply(-1L);
            long after = now.isEmpty() ? -1 : seq(now.get(now.size() - 1));
            long quietSince = System.nanoTime();
            while (sessions.isOpen(session)) {
                Thread.sleep(POLL_MS);
                List<String> fresh = ring.apply(after);
                for (String raw : fresh) {
                    w.write("event: log\ndata: " + Replies.GSON.toJson(entry(raw)) + "\n\n");
                    after = seq(raw);
                    quietSince = System.nanoTime();
                }
                if (System.nanoTime() - quietSince >= SseWriter.HEARTBEAT_MS * 1_000_000) {
                    w.heartbeat();
                    quietSince = System.nanoTime();
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    private Function<Long, List<String>> ring() {
        return launcher.require(Function.class, "log");
    }

    private static long seq(String raw) {
        return Long.parseLong(raw.substring(0, raw.indexOf('\t')));
    }

    /** {@code SEQ\tMILLIS\tLINE} as {seq, time, level, logger, message}; a line of another form (a stack trace's) is all message */
    static Map<String, Object> entry(String raw) {
        int a = raw.indexOf('\t');
        int b = raw.indexOf('\t', a + 1);
        String line = raw.substring(b + 1);
        Matcher d = DATE.matcher(line);
        if (d.find()) {
            line = line.substring(d.end());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", Long.parseLong(raw.substring(0, a)));
        m.put("time", Instant.ofEpochMilli(Long.parseLong(raw.substring(a + 1, b))));
        Matcher l = LINE.matcher(line);
        m.put("level", l.matches() ? l.group(1) : "");
        m.put("logger", l.matches() ? l.group(2) : "");
        m.put("message", l.matches() ? l.group(3) : line);
        return m;
    }
}
