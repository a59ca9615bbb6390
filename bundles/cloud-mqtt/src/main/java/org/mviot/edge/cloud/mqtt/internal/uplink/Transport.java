package org.mviot.edge.cloud.mqtt.internal.uplink;

/** Where the uplink publishes (QoS 1): the MQTT client through {@link PahoTransport}, a fake in unit tests. */
public interface Transport {

    /** Told how one publish ended. */
    interface Outcome {
        /**
         * The broker acknowledged it (PUBACK).
         *
         * @param reasonCode the PUBACK's reason code (0x80 and above: the broker refused it; it is not sent again)
         */
        void acknowledged(int reasonCode);

        /**
         * It failed (the connection is going down); it is sent again after the reconnect.
         *
         * @param e why
         */
        void failed(Throwable e);
    }

    /**
     * @param topic         topic
     * @param payload       the message
     * @param expirySeconds MQTT v5 message expiry, 0 for none
     * @param correlation   MQTT v5 correlation data, or {@code null}
     * @param outcome       told of the PUBACK or the failure
     * @return false if not connected (the outcome is never told then)
     */
    boolean publish(String topic, byte[] payload, long expirySeconds, byte[] correlation, Outcome outcome);
}
