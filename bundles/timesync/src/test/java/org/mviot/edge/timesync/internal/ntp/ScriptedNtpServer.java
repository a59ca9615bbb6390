package org.mviot.edge.timesync.internal.ntp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An NTP server written for the tests, on 127.0.0.1: answers every request with the system clock
 * shifted by a known offset, and with the stratum, leap indicator or kiss code a test sets, so that
 * the truth of what the client measures is known.
 */
public final class ScriptedNtpServer implements AutoCloseable {

    private final DatagramSocket socket;
    private final Thread thread;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile long offsetNanos;
    private volatile int stratum = 2;
    private volatile int leap;
    private volatile String kiss;
    private volatile boolean wrongOrigin;
    private volatile long rootDispersionShort = 0x0000_0010; // 244 µs

    /**
     * @param offsetNanos how far ahead of the system clock the server's answers are
     * @throws SocketException when no UDP port is free
     */
    public ScriptedNtpServer(long offsetNanos) throws SocketException {
        this.offsetNanos = offsetNanos;
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "scripted-ntp-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** @return where it listens */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    /** @return {@code 127.0.0.1:port} as configured */
    public String hostPort() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** @return requests received so far */
    public int requests() {
        return requests.get();
    }

    /** @param offsetNanos the new offset of its answers */
    public ScriptedNtpServer offset(long offsetNanos) {
        this.offsetNanos = offsetNanos;
        return this;
    }

    /** @param stratum the stratum it claims */
    public ScriptedNtpServer stratum(int stratum) {
        this.stratum = stratum;
        return this;
    }

    /** @param leap the leap indicator it sends */
    public ScriptedNtpServer leap(int leap) {
        this.leap = leap;
        return this;
    }

    /** @param code a kiss code: answers become Kiss-o'-Death packets (stratum 0); {@code null} for normal answers */
    public ScriptedNtpServer kiss(String code) {
        this.kiss = code;
        return this;
    }

    /** @param wrong whether answers echo a wrong origin timestamp (not an answer to the request) */
    public ScriptedNtpServer wrongOrigin(boolean wrong) {
        this.wrongOrigin = wrong;
        return this;
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(in);
                Instant now = Instant.now();
                long t2 = now.getEpochSecond() * 1_000_000_000L + now.getNano() + offsetNanos;
                requests.incrementAndGet();
                NtpPacket request = NtpPacket.decode(buf, in.getLength());
                String k = kiss;
                int refId = k != null ? ascii(k) : 0x7F00_0001;
                long origin = wrongOrigin ? request.transmit() + 1 : request.transmit();
                NtpPacket reply = new NtpPacket(k != null ? 3 : leap, 4, NtpPacket.MODE_SERVER, k != null ? 0 : stratum, 6, -20,
                        0x0000_0020, rootDispersionShort, refId, NtpTimestamp.fromUnixNanos(t2 - 1_000_000_000L), origin,
                        NtpTimestamp.fromUnixNanos(t2), NtpTimestamp.fromUnixNanos(t2 + 20_000));
                byte[] out = reply.encode();
                socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
            } catch (IOException | IllegalArgumentException e) {
                // closed, or a malformed request: keep serving until closed
            }
        }
    }

    private static int ascii(String code) {
        byte[] b = (code + "    ").getBytes(StandardCharsets.US_ASCII);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
