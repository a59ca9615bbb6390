package org.mviot.edge.cloud.mqtt.internal.downlink;

import java.nio.charset.StandardCharsets;

import org.mviot.edge.cloud.mqtt.internal.input.ControlCharacters;
import org.mviot.edge.cloud.mqtt.internal.input.InputLimits;
import org.mviot.edge.cloud.mqtt.internal.input.LogQuote;

/**
 * Decides whether the gateway may publish a command's response to the MQTT v5 response topic the
 * sender named. The gateway publishes with its own credentials, so a response topic is a way to
 * make it publish where the sender could not: it must be a plain topic name (no wildcards, no
 * control characters, not a {@code $} system topic, bounded), and nothing under the topic prefix
 * other than this gateway's own responses ({@code <prefix>/<gw>/responses[/…]}): never another
 * gateway's commands or twins, nor this gateway's own commands, twins or state.
 */
final class ResponseTopic {

    /** Why a response topic is refused: the status and error code of the Ditto response, and the reason. */
    record Refusal(int status, String error, String message) {
    }

    private ResponseTopic() {
    }

    /**
     * @param topic        the response topic the command named, not empty
     * @param limits       the limits
     * @param prefix       the topic prefix of every gateway ({@code mviot})
     * @param ownResponses this gateway's responses topic
     * @return why it is refused, or {@code null} when it may be used
     */
    static Refusal check(String topic, InputLimits limits, String prefix, String ownResponses) {
        int bytes = topic.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxResponseTopicBytes()) {
            return new Refusal(431, "gateway:responsetopic.toolarge", "the response topic is " + bytes + " bytes, over the limit of "
                    + limits.maxResponseTopicBytes() + " (command.max.response.topic.bytes)");
        }
        String quoted = LogQuote.of(topic);
        if (ControlCharacters.indexIn(topic) >= 0) {
            return new Refusal(400, "gateway:responsetopic.invalid", "response topic " + quoted + " holds a control character ("
                    + ControlCharacters.describe(topic) + ")");
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0 || topic.startsWith("$")) {
            return new Refusal(400, "gateway:responsetopic.invalid", "response topic " + quoted
                    + " is not a topic name a response can be published to (wildcard or $ system topic)");
        }
        boolean underPrefix = topic.equals(prefix) || topic.startsWith(prefix + "/");
        boolean own = topic.equals(ownResponses) || topic.startsWith(ownResponses + "/");
        if (underPrefix && !own) {
            return new Refusal(403, "gateway:responsetopic.forbidden", "response topic " + quoted + " is in the gateways' namespace '"
                    + prefix + "/' but not this gateway's responses '" + ownResponses + "[/…]': refused");
        }
        return null;
    }
}
