package org.mviot.edge.cloud.mqtt.internal.downlink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.mviot.edge.cloud.mqtt.internal.codec.StrictJson;

/** A {@link CommandDownlink.Responder} that records every response and lets a test await them. */
final class Responses implements CommandDownlink.Responder {

    /** One response as sent. */
    record Sent(String topic, byte[] correlationData, String json) {
        String correlation() {
            return new String(correlationData, StandardCharsets.UTF_8);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> parsed() {
            return (Map<String, Object>) StrictJson.parse(json);
        }

        long status() {
            return (Long) parsed().get("status");
        }

        @SuppressWarnings("unchecked")
        String message() {
            Object v = parsed().get("value");
            return v instanceof Map<?, ?> m ? String.valueOf(((Map<String, Object>) m).get("message")) : "";
        }
    }

    private final List<Sent> sent = new ArrayList<>();

    @Override
    public synchronized void respond(String topic, byte[] correlationData, String json) {
        sent.add(new Sent(topic, correlationData.clone(), json));
        notifyAll();
    }

    synchronized List<Sent> all() {
        return List.copyOf(sent);
    }

    /** Waits until at least n responses were sent (10 s at most). */
    synchronized List<Sent> await(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sent.size() < n) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("only " + sent.size() + " of " + n + " responses within 10 s: " + sent);
            }
            wait(left);
        }
        return List.copyOf(sent);
    }
}
