package org.mviot.edge.console.web.internal.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.mviot.edge.api.twin.CommandResult;
import org.mviot.edge.console.web.internal.ConsoleSettings;
import org.mviot.edge.console.web.internal.http.ApiException;
import org.mviot.edge.console.web.internal.http.Audit;
import org.mviot.edge.console.web.internal.http.Call;
import org.mviot.edge.console.web.internal.http.Replies;
import org.mviot.edge.console.web.internal.http.RequestBody;
import org.mviot.edge.console.web.internal.http.Route;
import org.mviot.edge.core.console.DeviceView;
import org.mviot.edge.core.console.GatewayConsole;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * {@code /overview}, {@code /devices}, {@code /devices/{id}} and {@code /devices/{id}/channels/{channel}} (write):
 * what the core's {@link GatewayConsole} says, in the API's shapes.
 */
public final class GatewayApi {

    /** Device ids and channel names in a path: what descriptors allow, bounded. */
    static final String NAME = "([A-Za-z0-9][A-Za-z0-9._:-]{0,127})";
    private static final long WRITE_WAIT_SECONDS = 30;

    private final GatewayConsole core;
    private final ProcessFigures process = new ProcessFigures();

    /** @param core the running core */
    public GatewayApi(GatewayConsole core) {
        this.core = core;
    }

    /** @return the routes */
    public List<Route> routes() {
        return List.of(Route.of("GET", "/overview", c -> Replies.json(c.resp(), 200, overview())),
                Route.of("GET", "/devices", c -> Replies.json(c.resp(), 200, core.devices().stream().map(GatewayApi::summary).toList())),
                Route.of("GET", "/devices/([^/]+)", this::device),
                Route.of("PUT", "/devices/([^/]+)/channels/([^/]+)", this::write));
    }

    private void device(Call c) throws IOException {
        DeviceView d = core.device(c.part(1)).orElseThrow(() -> new ApiException(404, "no device " + Audit.quote(c.part(1))));
        Map<String, Object> m = summary(d);
        m.put("origin", d.origin());
        m.put("channels", d.channels());
        Replies.json(c.resp(), 200, m);
    }

    private void write(Call c) throws IOException {
        String device = c.part(1);
        String channel = c.part(2);
        if (core.device(device).isEmpty()) {
            throw new ApiException(404, "no device " + Audit.quote(device));
        }
        JsonObject body = RequestBody.object(c.req(), ConsoleSettings.MAX_JSON_BYTES);
        Object value = scalar(body.get("value"));
        String what = "write " + Audit.quote(device) + " " + Audit.quote(channel) + " = " + Audit.quote(String.valueOf(value));
        CommandResult r;
        try {
            r = core.write(device, channel, value, "console:" + c.user()).toCompletableFuture().get(WRITE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "the gateway is stopping");
        } catch (ExecutionException | TimeoutException e) {
            Audit.refused(c.user(), c.address(), what + ": failed (" + e + ")");
            throw new ApiException(504, "the write did not complete within " + WRITE_WAIT_SECONDS + " s");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (r instanceof CommandResult.Done d) {
            Audit.info(c.user(), c.address(), what + ": done");
            m.put("status", "done");
            m.put("device", d.device());
            m.put("channel", d.channel());
            m.put("written", d.written());
            Replies.json(c.resp(), 200, m);
            return;
        }
        Audit.refused(c.user(), c.address(), what + ": " + r);
        if (r instanceof CommandResult.Rejected x) {
            m.put("status", "rejected");
            m.put("error", x.reason());
            Replies.json(c.resp(), x.reason().contains("not authorized") || x.reason().contains("denied") ? 403 : 422, m);
        } else if (r instanceof CommandResult.Failed x) {
            m.put("status", "failed");
            m.put("error", x.reason());
            Replies.json(c.resp(), 502, m);
        } else {
            CommandResult.TimedOut x = (CommandResult.TimedOut) r;
            m.put("status", "timed-out");
            m.put("error", "the device did not confirm the write within " + x.timeoutMillis() + " ms");
            Replies.json(c.resp(), 504, m);
        }
    }

    /** {"value": true | 12.5 | "text"}: a scalar; numbers as the twin command path gets them from JSON */
    private static Object scalar(JsonElement v) {
        if (v == null || !v.isJsonPrimitive()) {
            throw new ApiException(400, "expected {\"value\": true, a number or \"text\"}");
        }
        JsonPrimitive p = v.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isNumber()) {
            return p.getAsBigDecimal().stripTrailingZeros().scale() <= 0 && p.getAsBigDecimal().abs().compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                    ? (Object) p.getAsLong() : (Object) p.getAsDouble();
        }
        return p.getAsString();
    }

    static Map<String, Object> summary(DeviceView d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("driver", d.driver());
        m.put("state", d.state());
        m.put("reason", d.reason());
        m.put("since", d.since());
        m.put("thing", d.thing());
        m.put("lastValueAt", d.lastValueAt());
        return m;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> overview() {
        Map<String, Object> status = core.status();
        Map<String, Object> g = (Map<String, Object>) status.getOrDefault("gateway", Map.of());
        Map<String, Map<String, Object>> features = new LinkedHashMap<>((Map<String, Map<String, Object>>) status.getOrDefault("features", Map.of()));
        Map<String, Object> system = features.getOrDefault("system", Map.of());
        Map<String, Object> gateway = new LinkedHashMap<>();
        gateway.put("id", g.get("id"));
        gateway.put("thing", g.get("thing"));
        gateway.put("version", g.get("version"));
        gateway.put("profile", g.get("profile"));
        gateway.put("started", g.get("started"));
        gateway.put("uptimeSeconds", g.get("uptimeSeconds"));
        gateway.put("clockSource", g.get("clockSource"));
        gateway.put("cpuPercent", process.cpuPercent());
        gateway.put("loadAverage", system.get("cpu.load.average"));
        gateway.put("cpuCount", system.get("cpu.count"));
        gateway.put("memory", ProcessFigures.memory());
        Map<String, Object> disk = new LinkedHashMap<>();
        disk.put("freeBytes", system.get("disk.free"));
        disk.put("totalBytes", system.get("disk.total"));
        gateway.put("disk", disk);
        gateway.put("temperatureC", system.get("temperature"));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("gateway", gateway);
        doc.put("time", features.remove("clock"));
        doc.put("position", features.remove("position"));
        doc.put("link", link((Map<String, Object>) status.getOrDefault("link", Map.of())));
        doc.put("drivers", g.getOrDefault("drivers", List.of()));
        doc.put("devices", deviceCounts());
        features.remove("system");
        doc.put("features", features);
        doc.put("invalidDescriptors", status.get("invalidDescriptors"));
        return doc;
    }

    private static Map<String, Object> link(Map<String, Object> s) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("state", s.get("state"));
        l.put("broker", s.get("broker"));
        l.put("since", s.get("since"));
        l.put("lastError", s.get("lastError"));
        l.put("backlogUpdates", s.get("backlogUpdates"));
        l.put("backlogBytes", s.get("backlogBytes"));
        l.put("oldestQueued", s.get("oldestQueued"));
        l.put("oldestQueuedSeconds", s.get("oldestQueuedAgeSeconds"));
        l.put("dropped", s.get("dropped"));
        return l;
    }

    private Map<String, Object> deviceCounts() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<DeviceView> all = core.devices();
        m.put("total", all.size());
        for (String state : List.of("online", "offline", "degraded", "misconfigured")) {
            m.put(state, all.stream().filter(d -> d.state().equals(state)).count());
        }
        return m;
    }

}
