package org.mviot.edge.driver.coap.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.Endpoint;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.driver.Reading;

/**
 * One open CoAP device on the driver's shared endpoint. A read sends one GET per resource at once
 * (channels of one resource, such as several records of a SenML pack, share its response) and waits
 * for all within the device's timeout; a write is a PUT or POST; event channels are Observe
 * registrations ({@link Observation}), checked once a second on the driver's shared scheduler.
 */
final class CoapDevice implements DeviceConnection, PushServer.Target {

    private final DeviceDescriptor device;
    private final CoapSettings settings;
    private final Endpoint endpoint;
    private final DeviceListener listener;
    private final ScheduledExecutorService watch;
    private final Duration readWait;
    private final Duration writeWait;
    private final MalformedPayloads malformed;
    private final Notifications notifications;
    private final List<Observation> observations = new ArrayList<>();
    private ScheduledFuture<?> watching;
    private Runnable onClose = () -> { };

    CoapDevice(DeviceDescriptor device, CoapSettings settings, Endpoint endpoint, DeviceListener listener, ScheduledExecutorService watch,
               Duration readWait, Duration writeWait, Notifications notifications) {
        this.notifications = notifications;
        this.device = device;
        this.settings = settings;
        this.endpoint = endpoint;
        this.listener = listener;
        this.watch = watch;
        this.readWait = readWait;
        this.writeWait = writeWait;
        this.malformed = new MalformedPayloads(device.id());
    }

    /**
     * Sends a CoAP ping (an empty confirmable message, answered by a reset), which also completes a
     * DTLS handshake.
     *
     * @throws DriverException when the device does not answer, naming a failed handshake
     * @throws InterruptedException when the core gave up waiting
     */
    void ping() throws DriverException, InterruptedException {
        if (settings.uri() == null) {
            return; // a device that only pushes is not reached by the gateway
        }
        Request r = new Request(null, CoAP.Type.CON);
        r.setToken(Token.EMPTY);
        r.setURI(settings.uri());
        Exchanges.Progress progress = new Exchanges.Progress();
        r.addMessageObserver(progress);
        endpoint.sendRequest(r);
        r.waitForResponse(readWait.toMillis());
        if (!r.isRejected()) {
            r.cancel();
            throw new DriverException("device '" + device.id() + "': " + Exchanges.unanswered(r, progress, settings.uri(), "a CoAP ping", readWait));
        }
    }

    @Override
    public List<Reading> read(List<ChannelSpec> channels) throws DriverException, InterruptedException {
        Map<String, List<ChannelAddress>> byPath = settings.byPath(channels);
        Map<String, Request> sent = new LinkedHashMap<>();
        Map<String, Exchanges.Progress> progress = new LinkedHashMap<>();
        List<Reading> out = new ArrayList<>(channels.size());
        String unanswered = null;
        int answered = 0;
        try {
            for (String path : byPath.keySet()) {
                Request r = Request.newGet();
                r.setConfirmable(settings.confirmable());
                r.setURI(settings.uri() + path);
                Exchanges.Progress p = new Exchanges.Progress();
                r.addMessageObserver(p);
                sent.put(path, r);
                progress.put(path, p);
                endpoint.sendRequest(r);
            }
            long deadline = System.nanoTime() + readWait.toNanos();
            for (Map.Entry<String, List<ChannelAddress>> e : byPath.entrySet()) {
                String path = e.getKey();
                Request r = sent.get(path);
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                Response response = r.waitForResponse(Math.max(1, left));
                if (response == null) {
                    unanswered = Exchanges.unanswered(r, progress.get(path), settings.uri(), "GET " + path, readWait);
                    for (ChannelAddress a : e.getValue()) {
                        out.add(Reading.failed(a.channel().name(), unanswered));
                    }
                } else {
                    answered++;
                    out.addAll(ResponseReadings.of(path, e.getValue(), response, malformed));
                }
            }
        } finally {
            sent.values().forEach(r -> {
                if (r.getResponse() == null) {
                    r.cancel();
                }
            });
        }
        if (answered == 0 && unanswered != null) {
            throw new DriverException("device '" + device.id() + "': " + unanswered);
        }
        return out;
    }

    @Override
    public void write(ChannelSpec channel, Object value) throws DriverException, InterruptedException {
        ChannelAddress a = settings.address(channel.name());
        if (a == null) {
            throw new DriverException("device '" + device.id() + "' has no channel '" + channel.name() + "'");
        }
        if (settings.uri() == null) {
            throw new DriverException("device '" + device.id() + "' channel '" + channel.name() + "': the device only pushes (no connection.uri), it cannot be written");
        }
        Request r = a.write() == ChannelAddress.WriteMethod.POST ? Request.newPost() : Request.newPut();
        r.setConfirmable(settings.confirmable());
        r.setURI(settings.uri() + a.path());
        r.getOptions().setContentFormat(a.codec().format().contentFormat());
        r.setPayload(a.codec().encode(value));
        Exchanges.Progress p = new Exchanges.Progress();
        r.addMessageObserver(p);
        endpoint.sendRequest(r);
        Response response = r.waitForResponse(writeWait.toMillis());
        String what = r.getCode() + " " + a.path();
        if (response == null) {
            r.cancel();
            throw new DriverException("device '" + device.id() + "' channel '" + channel.name() + "': "
                    + Exchanges.unanswered(r, p, settings.uri(), what, writeWait));
        }
        if (!response.isSuccess()) {
            throw new DriverException("device '" + device.id() + "' channel '" + channel.name() + "': " + settings.uri() + " answered "
                    + response.getCode() + " to " + what);
        }
    }

    @Override
    public synchronized void subscribe(List<ChannelSpec> channels) {
        stopObserving();
        Map<String, List<ChannelAddress>> byPath = settings.byPath(channels.stream()
                .filter(c -> settings.address(c.name()) != null && settings.address(c.name()).observe()).toList());
        for (Map.Entry<String, List<ChannelAddress>> e : byPath.entrySet()) {
            Observation o = new Observation(device.id(), settings.uri(), e.getKey(), e.getValue(), endpoint, listener, settings.confirmable(), malformed,
                    notifications);
            observations.add(o);
            o.register();
        }
        if (!observations.isEmpty()) {
            List<Observation> all = List.copyOf(observations);
            watching = watch.scheduleWithFixedDelay(() -> all.forEach(o -> o.check(System.nanoTime())), 1, 1, TimeUnit.SECONDS);
        }
    }

    private void stopObserving() {
        if (watching != null) {
            watching.cancel(false);
            watching = null;
        }
        observations.forEach(Observation::stop);
        observations.clear();
    }

    /**
     * @param action run once when the device is closed (leaving the push server)
     */
    synchronized void onClose(Runnable action) {
        onClose = action;
    }

    @Override
    public List<Reading> pushed(org.mviot.edge.driver.coap.internal.payload.Payload payload)
            throws org.mviot.edge.driver.coap.internal.payload.MalformedPayloadException {
        payload.senml(); // not SenML at all: the whole pack is refused with 4.00
        List<Reading> out = new ArrayList<>();
        for (ChannelAddress a : settings.channels()) {
            if (!a.pushed()) {
                continue;
            }
            org.mviot.edge.driver.coap.internal.payload.ChannelCodec senml = new org.mviot.edge.driver.coap.internal.payload.ChannelCodec(
                    org.mviot.edge.driver.coap.internal.payload.PayloadFormat.SENML, a.channel().type(), a.codec().pointer(), a.codec().senmlName());
            try {
                if (payload.senml().get(a.codec().senmlName()).isEmpty()) {
                    continue; // a pack may carry only some of the channels
                }
                var v = senml.decode(payload);
                out.add(new Reading(a.channel().name(), v.value(), org.mviot.edge.api.sample.Quality.GOOD, v.deviceMillis(), ""));
            } catch (org.mviot.edge.driver.coap.internal.payload.MalformedPayloadException e) {
                out.add(Reading.failed(a.channel().name(), malformed.record("/d/" + device.id(), a.channel().name(), e)));
            }
        }
        out.forEach(listener::onReading);
        return out;
    }

    /**
     * @return payloads that could not give a channel's value since the device was opened
     */
    long malformedPayloads() {
        return malformed.count();
    }

    /**
     * @return how many Observe registrations were sent, all resources together
     */
    synchronized long observeRegistrations() {
        return observations.stream().mapToLong(Observation::registrations).sum();
    }

    @Override
    public synchronized void close() {
        stopObserving();
        onClose.run();
    }
}
