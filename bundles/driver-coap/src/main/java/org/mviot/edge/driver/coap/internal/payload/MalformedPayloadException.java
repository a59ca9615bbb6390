package org.mviot.edge.driver.coap.internal.payload;

/**
 * A payload from a device that cannot give a channel's value: not UTF-8, not JSON, no such JSON
 * pointer or SenML record, a value of the wrong kind. The message says what was expected; it
 * quotes device text only shortened and escaped.
 */
public final class MalformedPayloadException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, with any device text already quoted
     */
    public MalformedPayloadException(String message) {
        super(message, null, false, false); // expected and frequent with a bad device: no stack trace
    }
}
