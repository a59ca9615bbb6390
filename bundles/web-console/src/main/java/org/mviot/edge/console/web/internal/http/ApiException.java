package org.mviot.edge.console.web.internal.http;

/** A request the API refuses: answered {@code {"error": message}} with the status. */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;

    /**
     * @param status  HTTP status (4xx, 5xx)
     * @param message what is wrong, for the user
     */
    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }
}
