package org.mviot.edge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A serial cable for tests: two linked pseudo-terminals made by socat
 * ({@code pty,raw,echo=0,link=A pty,raw,echo=0,link=B}), one side for the gateway and one for the
 * peer (a pymodbus slave, an NMEA feed, gpsd, a test writing bytes). Started by a test, ended by
 * socat's PID; both pseudo-terminals go away with it, as when a USB adapter is unplugged.
 */
public final class PtyPair implements AutoCloseable {

    private final Path a;
    private final Path b;
    private final PeerProcess socat;

    private PtyPair(Path a, Path b, PeerProcess socat) {
        this.a = a;
        this.b = b;
        this.socat = socat;
    }

    /**
     * Starts socat with the links {@code dir/a} and {@code dir/b} and waits for both.
     *
     * @param dir where the links go (created if missing)
     * @return the running pair
     * @throws IOException if socat cannot start
     */
    public static PtyPair start(Path dir) throws IOException {
        Files.createDirectories(dir);
        return start(dir.resolve("a"), dir.resolve("b"));
    }

    /**
     * Starts socat with two named links and waits for both.
     *
     * @param a the link the gateway opens
     * @param b the link the peer uses
     * @return the running pair
     * @throws IOException if socat cannot start
     */
    public static PtyPair start(Path a, Path b) throws IOException {
        PeerProcess socat = PeerProcess.start("socat " + a + " <-> " + b,
                List.of("socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b));
        try {
            socat.awaitFile(a).awaitFile(b);
        } catch (RuntimeException | Error e) {
            socat.close();
            throw e;
        }
        return new PtyPair(a, b, socat);
    }

    /** @return the link of the side the gateway opens */
    public Path a() {
        return a;
    }

    /** @return the link of the side the peer uses */
    public Path b() {
        return b;
    }

    /** @return socat's output so far (its -d -d notices name both pseudo-terminals), for failure messages */
    public String output() {
        return socat.output();
    }

    /**
     * Ends socat by its PID. socat removes its links when it ends on SIGTERM; links left behind by a
     * forced kill are removed here, so that a pair started again on the same paths is not mistaken
     * for this one.
     */
    @Override
    public void close() {
        socat.close();
        for (Path link : List.of(a, b)) {
            try {
                if (Files.isSymbolicLink(link)) {
                    Files.delete(link);
                }
            } catch (NoSuchFileException e) {
                // socat removed it meanwhile
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove socat's link " + link, e);
            }
        }
    }

    @Override
    public String toString() {
        return "pty pair " + a + " <-> " + b + " (" + socat + ")";
    }
}
