package org.mviot.edge.position.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.mviot.edge.testsupport.Await;
import org.mviot.edge.testsupport.PeerProcess;

/** Two linked pseudo-terminals made by socat ({@code raw,echo=0}): the receiver's side and the gateway's. Ended by socat's PID. */
final class SocatPty implements AutoCloseable {

    private final PeerProcess socat;
    private final Path gateway;
    private final Path receiver;

    /**
     * @param gateway  the link the gateway opens
     * @param receiver the link the test writes NMEA to
     * @throws IOException when socat cannot start
     */
    SocatPty(Path gateway, Path receiver) throws IOException {
        this.gateway = gateway;
        this.receiver = receiver;
        socat = PeerProcess.start("socat", List.of("socat", "-d", "-d", "pty,raw,echo=0,link=" + gateway, "pty,raw,echo=0,link=" + receiver));
        socat.awaitFile(gateway).awaitFile(receiver);
    }

    /** @return the gateway's side */
    Path gateway() {
        return gateway;
    }

    /** @return the receiver's side */
    Path receiver() {
        return receiver;
    }

    /** @return the gateway side's device ({@code /dev/pts/N}) */
    Path gatewayDevice() throws IOException {
        return gateway.toRealPath();
    }

    @Override
    public void close() {
        socat.close();
        Await.until("socat's links to go", () -> !Files.exists(gateway) && !Files.exists(receiver));
    }
}
