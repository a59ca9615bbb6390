package org.mviot.edge.it.time;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.mviot.edge.testsupport.FreePorts;
import org.mviot.edge.testsupport.PeerProcess;

/**
 * chronyd serving NTP at stratum 8 from the host clock on a free 127.0.0.1 port, started
 * unprivileged and never touching the system clock ({@code -U -x}); ended by its PID.
 */
final class Chronyd implements AutoCloseable {

    private final PeerProcess process;
    private final int port;

    Chronyd(Path dir) throws IOException {
        this(dir, FreePorts.udp());
    }

    /** On a port chosen earlier: a gateway may be told of a server that only starts answering later. */
    Chronyd(Path dir, int port) throws IOException {
        this.port = port;
        Path d = Files.createDirectories(dir.resolve("chronyd-" + port));
        Path conf = d.resolve("chrony.conf");
        Files.writeString(conf, String.join("\n", "port " + port, "bindaddress 127.0.0.1", "allow 127.0.0.1", "local stratum 8", "cmdport 0",
                "pidfile " + d.resolve("chronyd.pid"), "driftfile " + d.resolve("drift"), ""));
        process = PeerProcess.start("chronyd", List.of("chronyd", "-U", "-x", "-d", "-f", conf.toString()));
        process.awaitLine(".*Disabled control of system clock.*");
    }

    /** @return {@code 127.0.0.1:port} */
    String hostPort() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.close();
    }
}
