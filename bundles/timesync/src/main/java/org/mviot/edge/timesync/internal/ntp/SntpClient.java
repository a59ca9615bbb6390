package org.mviot.edge.timesync.internal.ntp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An SNTP client (RFC 4330, with RFC 5905's arithmetic): one 48-byte request, one reply, checked
 * before it is believed.
 * <p>
 * Hand-written rather than commons-net's {@code NTPUDPClient}: the exchange is one packet, commons-net
 * would bring two bundles (it needs commons-io in OSGi), and its {@code TimeInfo} rounds offset and
 * delay to milliseconds where a loopback server is good to tens of microseconds. The checks a client
 * must make (origin echo, mode, leap, stratum, Kiss-o'-Death) would be ours to write either way.
 * <p>
 * The transmit timestamp of a request is a random nonce, not our clock (as chrony does): it tells
 * nobody our time, and a reply that does not echo it as its origin is not an answer to us.
 */
public final class SntpClient {

    /** RFC 5905 MAXDIST: a server whose own error bound exceeds it is not worth synchronizing to. */
    static final long MAX_ROOT_DISTANCE_NANOS = Duration.ofMillis(1500).toNanos();
    private static final int MAX_DATAGRAM = 512;

    private final Clock wallClock;
    private final SecureRandom random = new SecureRandom();

    /** A client that measures the system clock. */
    public SntpClient() {
        this(Clock.systemUTC());
    }

    /**
     * @param wallClock the clock measured against the server (the system clock; another in tests)
     */
    public SntpClient(Clock wallClock) {
        this.wallClock = wallClock;
    }

    /**
     * Asks one server for the time.
     *
     * @param name    the server's name as configured, for samples and messages
     * @param address where it listens
     * @param timeout how long to wait for the reply
     * @return the measurement
     * @throws IOException  when no reply came in time or the network failed
     * @throws NtpRefusal   when the reply may not be used (the kind says why)
     */
    public NtpSample query(String name, InetSocketAddress address, Duration timeout) throws IOException, NtpRefusal {
        long nonce = random.nextLong();
        byte[] request = NtpPacket.request(nonce).encode();
        byte[] buffer = new byte[MAX_DATAGRAM];
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(address);
            long deadline = System.nanoTime() + timeout.toNanos();
            Instant t1 = wallClock.instant();
            long sentNano = System.nanoTime();
            socket.send(new DatagramPacket(request, request.length));
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("NTP server " + name + " (" + address + ") did not answer within " + timeout.toMillis() + " ms");
                }
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(reply);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                long receivedNano = System.nanoTime();
                if (reply.getLength() < NtpPacket.LENGTH) {
                    continue; // not NTP: keep waiting for the real answer until the deadline
                }
                NtpPacket p = NtpPacket.decode(buffer, reply.getLength());
                if (p.origin() != nonce) {
                    continue; // a late or forged reply to some other request (RFC 5905 "bogus")
                }
                long t1Nanos = t1.getEpochSecond() * 1_000_000_000L + t1.getNano();
                // T4 from the monotonic clock: the interval is exact even if the wall clock moved meanwhile
                long t4Nanos = t1Nanos + (receivedNano - sentNano);
                return check(name, p, t1Nanos, t4Nanos, receivedNano);
            }
        }
    }

    /**
     * Checks a reply and computes offset and delay.
     *
     * @param name         the server
     * @param p            its reply
     * @param t1           when the request left, Unix nanoseconds
     * @param t4           when the reply arrived, Unix nanoseconds
     * @param receivedNano {@link System#nanoTime()} at arrival
     * @return the sample
     * @throws NtpRefusal when the reply may not be used
     */
    static NtpSample check(String name, NtpPacket p, long t1, long t4, long receivedNano) throws NtpRefusal {
        if (p.mode() != NtpPacket.MODE_SERVER) {
            throw new NtpRefusal(name, NtpRefusal.Kind.BOGUS, "mode " + p.mode() + " where a server answers in mode 4");
        }
        if (p.version() < 1 || p.version() > 4) {
            throw new NtpRefusal(name, NtpRefusal.Kind.BOGUS, "version " + p.version());
        }
        if (p.stratum() == 0) {
            String code = p.referenceText();
            NtpRefusal.Kind kind = switch (code) {
                case "RATE" -> NtpRefusal.Kind.KISS_RATE;
                case "DENY", "RSTR" -> NtpRefusal.Kind.KISS_DENY;
                default -> NtpRefusal.Kind.KISS_OTHER;
            };
            throw new NtpRefusal(name, kind, "Kiss-o'-Death " + code);
        }
        if (p.leap() == NtpPacket.LEAP_UNSYNCHRONIZED || p.stratum() >= 16) {
            throw new NtpRefusal(name, NtpRefusal.Kind.UNSYNCHRONIZED, "not synchronized itself (leap " + p.leap() + ", stratum " + p.stratum() + ")");
        }
        if (p.transmit() == 0 || p.receive() == 0) {
            throw new NtpRefusal(name, NtpRefusal.Kind.BOGUS, "zero receive or transmit timestamp");
        }
        long t2 = NtpTimestamp.toUnixNanos(p.receive());
        long t3 = NtpTimestamp.toUnixNanos(p.transmit());
        long offset = ((t2 - t1) + (t3 - t4)) / 2;
        long delay = (t4 - t1) - (t3 - t2);
        NtpSample s = new NtpSample(name, offset, Math.max(0, delay), p.stratum(), NtpTimestamp.shortToNanos(p.rootDelay()),
                NtpTimestamp.shortToNanos(p.rootDispersion()),
                p.stratum() == 1 ? p.referenceText() : String.format("%08X", p.referenceId()), receivedNano, t4);
        if (s.rootDistanceNanos() > MAX_ROOT_DISTANCE_NANOS) {
            throw new NtpRefusal(name, NtpRefusal.Kind.ROOT_DISTANCE, "root distance " + s.rootDistanceNanos() / 1_000_000 + " ms exceeds "
                    + MAX_ROOT_DISTANCE_NANOS / 1_000_000 + " ms");
        }
        return s;
    }
}
