package org.mviot.edge.it.modbus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Two linked pseudo-terminals made by socat, as a serial cable between the gateway (side {@code a})
 * and a peer (side {@code b}). Started by a test, ended by socat's PID.
 */
final class PtyPair implements AutoCloseable {

    private final Path a;
    private final Path b;
    private final Peer socat;

    private PtyPair(Path a, Path b, Peer socat) {
        this.a = a;
        this.b = b;
        this.socat = socat;
    }

    /**
     * Starts socat and waits for both links.
     *
     * @param dir where the links {@code a} and {@code b} go
     * @return the pair
     * @throws IOException if socat cannot start
     */
    static PtyPair start(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Peer socat = Peer.start("socat " + dir, List.of("socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b));
        Await.until("socat's pty links " + a + " and " + b, () -> {
            if (!socat.alive()) {
                throw new AssertionError("socat exited:\n" + socat.output());
            }
            return Files.exists(a) && Files.exists(b);
        });
        return new PtyPair(a, b, socat);
    }

    /** @return the side the gateway opens */
    Path a() {
        return a;
    }

    /** @return the side the peer uses */
    Path b() {
        return b;
    }

    /** Kills socat by its PID; both pseudo-terminals and their links go away. */
    @Override
    public void close() {
        socat.close();
    }
}
