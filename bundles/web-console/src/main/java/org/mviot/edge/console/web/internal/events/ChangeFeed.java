package org.mviot.edge.console.web.internal.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.mviot.edge.console.web.internal.http.Replies;
import org.mviot.edge.core.console.ChannelView;
import org.mviot.edge.core.console.DeviceView;
import org.mviot.edge.core.console.GatewayConsole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the core's latest values into events for the open streams: every {@value #PERIOD_MS} ms while at least one
 * stream is open, one thread compares each channel's latest value and time, and each device's state, with what it
 * saw before, and queues a {@code state} event for each changed device (state {@code removed} for a device that is
 * no longer there) and one {@link ValuesEvent} with the tick's value changes to every client that watches the
 * device. Why sampling and not a listener in the pipeline: the console never adds work, let alone waiting, to the
 * acquisition path, and a browser needs no more than a few updates a second per channel (values that change faster
 * arrive coalesced: the latest at each tick). Without streams the thread stops.
 */
public final class ChangeFeed implements AutoCloseable {

    /** Sampling period. */
    public static final long PERIOD_MS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

    private record Seen(Object value, Instant at, String quality) {
    }

    private final GatewayConsole core;
    private final List<SseClient> clients = new CopyOnWriteArrayList<>();
    private final Map<String, Seen> values = new HashMap<>();
    private final Map<String, String> states = new HashMap<>();
    private ScheduledExecutorService thread;
    private ScheduledFuture<?> task;

    /** @param core the running core */
    public ChangeFeed(GatewayConsole core) {
        this.core = core;
    }

    /**
     * Adds a client and queues the current state and values of what it watches.
     *
     * @param client the client
     */
    public synchronized void add(SseClient client) {
        for (DeviceView d : core.devices()) {
            if (client.wants(d.id())) {
                client.offer("state", state(d));
            }
        }
        ValuesEvent current = new ValuesEvent(System.currentTimeMillis());
        for (DeviceView d : core.devices()) {
            if (client.wants(d.id())) {
                for (ChannelView c : d.channels()) {
                    if (c.quality() != null) {
                        current.add(d.id(), c.id(), c.value(), c.changedAt(), c.quality());
                    }
                }
            }
        }
        if (current.size() > 0) {
            client.offer(current.text().getBytes(StandardCharsets.UTF_8), current.size());
        }
        clients.add(client);
        if (task == null) {
            if (thread == null) {
                thread = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "mviot-console-events");
                    t.setDaemon(true);
                    return t;
                });
            }
            values.clear();
            states.clear();
            sample(false);
            task = thread.scheduleWithFixedDelay(this::tick, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** @param client a client whose stream ended */
    public synchronized void remove(SseClient client) {
        clients.remove(client);
        if (clients.isEmpty() && task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private synchronized void tick() {
        try {
            sample(true);
            clients.removeIf(SseClient::dropped);
        } catch (RuntimeException e) {
            LOG.warn("console event feed: {}", e.toString());
        }
    }

    /** An event of the current tick, its text made and encoded once for every client. */
    private record Change(String device, byte[] bytes) {
    }

    private void sample(boolean send) {
        List<Change> tick = new ArrayList<>();
        ValuesEvent values = new ValuesEvent(System.currentTimeMillis());
        sample(send, tick, values);
        publish(tick, values);
    }

    private void sample(boolean send, List<Change> tick, ValuesEvent changed) {
        Set<String> present = new HashSet<>();
        for (DeviceView d : core.devices()) {
            present.add(d.id());
            String s = d.state() + "|" + d.reason() + "|" + d.since();
            if (!s.equals(states.put(d.id(), s)) && send) {
                tick.add(change(d.id(), "state", state(d)));
            }
            for (ChannelView c : d.channels()) {
                if (c.quality() == null) {
                    continue;
                }
                Seen now = new Seen(c.value(), c.changedAt(), c.quality());
                if (!now.equals(values.put(d.id() + "\u0000" + c.id(), now)) && send) {
                    changed.add(d.id(), c.id(), c.value(), c.changedAt(), c.quality());
                }
            }
        }
        for (Iterator<String> known = states.keySet().iterator(); known.hasNext(); ) {
            String id = known.next();
            if (!present.contains(id)) {
                known.remove();
                values.keySet().removeIf(k -> k.startsWith(id + "\u0000"));
                if (send) {
                    tick.add(change(id, "state", removed(id)));
                }
            }
        }
    }

    private static String removed(String device) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", device);
        m.put("state", "removed");
        m.put("reason", "its descriptor was removed");
        m.put("since", Instant.now().toString());
        return Replies.GSON.toJson(m);
    }

    private static Change change(String device, String name, String json) {
        return new Change(device, SseClient.text(name, json).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Queues a tick's changes to each client as one piece (its state events, then one {@code values} event): its
     * writer wakes once for them. Every client that watches all devices gets the same array: encoded once however many
     * watch; a client of one device gets that device's part. The bound counts changes (a state, a channel's value).
     */
    private void publish(List<Change> tick, ValuesEvent values) {
        if (tick.isEmpty() && values.size() == 0) {
            return;
        }
        byte[] all = null;
        for (SseClient c : clients) {
            if (c.watchesAll()) {
                if (all == null) {
                    all = join(tick, null, values.size() == 0 ? null : bytes(values.text()));
                }
                c.offer(all, tick.size() + values.size());
            } else {
                int n = (int) tick.stream().filter(e -> c.wants(e.device())).count();
                int v = values.size(c.device());
                if (n + v > 0) {
                    c.offer(join(tick, c, v == 0 ? null : bytes(values.text(c.device()))), n + v);
                }
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the state changes {@code client} wants ({@code null}: all), then {@code values}, as one array */
    private static byte[] join(List<Change> tick, SseClient client, byte[] values) {
        int size = values == null ? 0 : values.length;
        for (Change e : tick) {
            if (client == null || client.wants(e.device())) {
                size += e.bytes().length;
            }
        }
        byte[] joined = new byte[size];
        int at = 0;
        for (Change e : tick) {
            if (client == null || client.wants(e.device())) {
                System.arraycopy(e.bytes(), 0, joined, at, e.bytes().length);
                at += e.bytes().length;
            }
        }
        if (values != null) {
            System.arraycopy(values, 0, joined, at, values.length);
        }
        return joined;
    }

    private static String state(DeviceView d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", d.id());
        m.put("state", d.state());
        m.put("reason", d.reason());
        m.put("since", d.since());
        return Replies.GSON.toJson(m);
    }

    /** @return open streams */
    public int clients() {
        return clients.size();
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
        clients.forEach(SseClient::drop);
        clients.clear();
    }
}
