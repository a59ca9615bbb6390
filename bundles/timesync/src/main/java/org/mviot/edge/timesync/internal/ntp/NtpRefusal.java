package org.mviot.edge.timesync.internal.ntp;

/**
 * A server answered, but with nothing a clock may be set by. The {@link Kind} says what the client
 * does about it: {@link Kind#KISS_RATE} backs off, {@link Kind#KISS_DENY} drops the server.
 */
public final class NtpRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the answer was refused. */
    public enum Kind {
        /** Kiss-o'-Death RATE: the server asks us to poll less often. */
        KISS_RATE,
        /** Kiss-o'-Death DENY or RSTR: the server refuses us; never ask it again. */
        KISS_DENY,
        /** Another Kiss-o'-Death code (or stratum 0 without one): not a time. */
        KISS_OTHER,
        /** Leap indicator 3 or stratum 16: the server itself is not synchronized. */
        UNSYNCHRONIZED,
        /** Not a server-mode reply to our request (wrong mode, version, or origin timestamp). */
        BOGUS,
        /** The server's own error bound is too large to be useful. */
        ROOT_DISTANCE
    }

    private final transient Kind kind;

    /**
     * @param server the server
     * @param kind   why
     * @param detail what was seen
     */
    public NtpRefusal(String server, Kind kind, String detail) {
        super("NTP server " + server + " refused: " + detail);
        this.kind = kind;
    }

    /** @return why the answer was refused */
    public Kind kind() {
        return kind;
    }
}
