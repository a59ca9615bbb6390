package org.mviot.edge.driver.modbus.internal.codec;

/** Exception codes a Modbus server answers with, named as in the Modbus application protocol specification. */
public enum ExceptionCode {
    /** 1: the function is not supported. */
    ILLEGAL_FUNCTION(1),
    /** 2: the address (or address + count) is not allowed. */
    ILLEGAL_DATA_ADDRESS(2),
    /** 3: a value in the request is not allowed. */
    ILLEGAL_DATA_VALUE(3),
    /** 4: the server failed while performing the action. */
    SERVER_DEVICE_FAILURE(4),
    /** 5: accepted, will take long. */
    ACKNOWLEDGE(5),
    /** 6: the server is busy with a long command. */
    SERVER_DEVICE_BUSY(6),
    /** 8: memory parity error in a file record. */
    MEMORY_PARITY_ERROR(8),
    /** 10 (0x0A): a gateway has no path to the target. */
    GATEWAY_PATH_UNAVAILABLE(10),
    /** 11 (0x0B): a gateway got no response from the target. */
    GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND(11);

    private final int code;

    ExceptionCode(int code) {
        this.code = code;
    }

    /**
     * @return the code on the wire
     */
    public int code() {
        return code;
    }

    /**
     * @param code a code from the wire
     * @return its name, or {@code UNKNOWN_EXCEPTION_<code>}
     */
    public static String nameOf(int code) {
        for (ExceptionCode e : values()) {
            if (e.code == code) {
                return e.name();
            }
        }
        return "UNKNOWN_EXCEPTION_" + code;
    }
}
