package org.mviot.edge.driver.coap.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.californium.core.coap.Response;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.driver.coap.internal.payload.ChannelCodec;
import org.mviot.edge.driver.coap.internal.payload.MalformedPayloadException;
import org.mviot.edge.driver.coap.internal.payload.Payload;

/** Turns one CoAP response of a resource into a reading per channel of that resource. */
final class ResponseReadings {

    private ResponseReadings() {
    }

    /**
     * @param path      the resource
     * @param channels  its channels
     * @param response  a response (or notification) to a GET of it
     * @param malformed the device's counter of malformed payloads
     * @return one reading per channel: its value, or failed naming the response code or what was malformed
     */
    static List<Reading> of(String path, List<ChannelAddress> channels, Response response, MalformedPayloads malformed) {
        List<Reading> out = new ArrayList<>(channels.size());
        if (!response.isSuccess()) {
            String reason = "answered " + response.getCode() + " to GET " + path;
            for (ChannelAddress a : channels) {
                out.add(Reading.failed(a.channel().name(), reason));
            }
            return out;
        }
        Payload payload = new Payload(response.getPayload(), System.currentTimeMillis());
        for (ChannelAddress a : channels) {
            String name = a.channel().name();
            try {
                ChannelCodec.Value v = a.codec().decode(payload);
                out.add(new Reading(name, v.value(), Quality.GOOD, v.deviceMillis(), ""));
            } catch (MalformedPayloadException e) {
                out.add(Reading.failed(name, malformed.record(path, name, e)));
            }
        }
        return out;
    }
}
