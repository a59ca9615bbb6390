package org.mviot.edge.driver.modbus.internal.codec;

/** The server answered a request with an exception response; the message carries the exception's name. */
public class ModbusExceptionResponse extends Exception {

    private static final long serialVersionUID = 1L;

    private final int function;
    private final int code;

    /**
     * @param function the function code of the request
     * @param code     the exception code
     */
    public ModbusExceptionResponse(int function, int code) {
        super(ExceptionCode.nameOf(code) + " (exception " + code + " to function " + function + ")");
        this.function = function;
        this.code = code;
    }

    /**
     * @return the function code of the request
     */
    public int function() {
        return function;
    }

    /**
     * @return the exception code
     */
    public int code() {
        return code;
    }

    /**
     * @return the exception's name, e.g. {@code ILLEGAL_DATA_ADDRESS}
     */
    public String exceptionName() {
        return ExceptionCode.nameOf(code);
    }
}
