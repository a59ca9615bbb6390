package org.mviot.edge.driver.coap.internal.payload;

/** How a channel's value is carried in a CoAP payload (channel address key {@code format}). */
public enum PayloadFormat {
    /** {@code text/plain}: the whole payload is the value (a number, {@code true}/{@code false}, text). */
    TEXT(0),
    /** {@code application/json}: the value is found with a JSON pointer (RFC 6901, key {@code pointer}). */
    JSON(50),
    /** {@code application/senml+json} (RFC 8428): the value is the record of the channel's name (key {@code name}). */
    SENML(110),
    /** {@code application/senml+cbor} (RFC 8428 §6): as {@link #SENML}, in CBOR (key {@code format: senml-cbor}). */
    SENML_CBOR(112);

    private final int contentFormat;

    PayloadFormat(int contentFormat) {
        this.contentFormat = contentFormat;
    }

    /**
     * @return the CoAP Content-Format number written with a PUT or POST in this format
     */
    public int contentFormat() {
        return contentFormat;
    }
}
