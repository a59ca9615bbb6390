package org.mviot.edge.driver.coap.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.observe.ObserveNotificationOrderer;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One observed resource (RFC 7641) of a device, feeding its channels. The registration is renewed
 * when notifications stop: a notification is fresh for its Max-Age, so when none came for Max-Age
 * plus {@link #GRACE} the server has forgotten the observer (it restarted, or the network lost
 * its state) and the GET with Observe is sent again. An unanswered registration is retried after
 * {@link #RETRY}. Checked by the driver's shared scheduler, never by a thread of its own.
 */
final class Observation {

    private static final Logger LOG = LoggerFactory.getLogger(Observation.class);
    /** Slack after Max-Age for transit and the server's own timer. */
    static final Duration GRACE = Duration.ofSeconds(2);
    /** How long a registration may stay unanswered before it is sent again. */
    static final Duration RETRY = Duration.ofSeconds(3);

    private final String device;
    private final String path;
    private final URI uri;
    private final List<ChannelAddress> channels;
    private final Endpoint endpoint;
    private final DeviceListener listener;
    private final boolean confirmable;
    private final MalformedPayloads malformed;
    private final Notifications notifications;
    private Request current;
    private long deadlineNanos;
    private boolean lapsed;
    private long registrations;

    Observation(String device, URI base, String path, List<ChannelAddress> channels, Endpoint endpoint, DeviceListener listener,
                boolean confirmable, MalformedPayloads malformed, Notifications notifications) {
        this.notifications = notifications;
        this.device = device;
        this.path = path;
        this.uri = URI.create(base + path);
        this.channels = List.copyOf(channels);
        this.endpoint = endpoint;
        this.listener = listener;
        this.confirmable = confirmable;
        this.malformed = malformed;
    }

    /** Sends the GET with Observe, replacing any earlier registration. */
    synchronized void register() {
        stop();
        Request r = Request.newGet();
        r.setConfirmable(confirmable);
        r.setURI(uri);
        r.setObserve();
        ObserveNotificationOrderer order = new ObserveNotificationOrderer();
        r.addMessageObserver(new MessageObserverAdapter() {
            @Override
            public void onResponse(Response response) {
                // the first response; later notifications come through the endpoint's listener, by token
                notifications.put(response.getToken(), (request, notification) -> notified(r, order, notification));
                notified(r, order, response);
            }
        });
        current = r;
        registrations++;
        deadlineNanos = System.nanoTime() + RETRY.toNanos();
        endpoint.sendRequest(r);
    }

    private void notified(Request r, ObserveNotificationOrderer order, Response response) {
        List<Reading> readings;
        LOG.trace("device '{}': {} notification {} of {}", device, path, response.getOptions().getObserve(), response.getCode());
        synchronized (this) {
            if (r != current || (response.getOptions().hasObserve() && !order.isNew(response))) {
                return; // a late notification of a replaced registration, or one overtaken by a newer one
            }
            if (response.isSuccess() && response.getOptions().hasObserve()) {
                long maxAge = response.getOptions().getMaxAge();
                deadlineNanos = System.nanoTime() + Duration.ofSeconds(maxAge).plus(GRACE).toNanos();
                if (lapsed) {
                    LOG.info("device '{}': observe of {} registered again after notifications stopped", device, path);
                    lapsed = false;
                }
            } else {
                // an error, or a server that does not observe this resource: try again later
                deadlineNanos = System.nanoTime() + RETRY.toNanos();
            }
            readings = ResponseReadings.of(path, channels, response, malformed);
        }
        readings.forEach(listener::onReading); // outside the lock: the listener may take its own
    }

    /**
     * Renews the registration when its notifications have stopped.
     *
     * @param nowNanos {@link System#nanoTime()}
     */
    void check(long nowNanos) {
        String reason = null;
        synchronized (this) {
            if (current == null || nowNanos - deadlineNanos < 0) {
                return;
            }
            if (!lapsed) {
                lapsed = true;
                reason = "observe of " + uri + " lapsed: no notification within its Max-Age; registering again";
                LOG.info("device '{}': {}", device, reason);
            }
            register();
        }
        if (reason != null) {
            for (ChannelAddress a : channels) {
                listener.onReading(Reading.failed(a.channel().name(), reason));
            }
        }
    }

    /**
     * @return how many times the observation was registered (the first time included)
     */
    synchronized long registrations() {
        return registrations;
    }

    /** Forgets the registration: the next notification of it is answered with a reset (RFC 7641 §3.6). */
    synchronized void stop() {
        Request r = current;
        current = null;
        if (r != null) {
            r.cancel();
            if (r.getToken() != null) {
                notifications.remove(r.getToken());
                endpoint.cancelObservation(r.getToken());
            }
        }
    }
}
