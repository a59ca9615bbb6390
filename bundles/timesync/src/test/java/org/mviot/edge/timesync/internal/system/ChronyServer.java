package org.mviot.edge.timesync.internal.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.mviot.edge.testsupport.FreePorts;
import org.mviot.edge.testsupport.PeerProcess;

/**
 * A real chronyd started by a test, unprivileged and never touching the system clock ({@code -x}),
 * on 127.0.0.1: either an NTP server ({@code local stratum 8}) or a client of one with a command
 * port for {@code chronyc}. Ended by its PID.
 */
public final class ChronyServer implements AutoCloseable {

    private final PeerProcess process;
    private final int ntpPort;
    private final int cmdPort;

    private ChronyServer(PeerProcess process, int ntpPort, int cmdPort) {
        this.process = process;
        this.ntpPort = ntpPort;
        this.cmdPort = cmdPort;
    }

    /**
     * @param dir a directory for its files
     * @return a chronyd serving NTP at stratum 8 from the host clock on a free 127.0.0.1 port
     * @throws IOException when it cannot start
     */
    public static ChronyServer server(Path dir) throws IOException {
        int port = FreePorts.udp();
        return start(dir, "server", port, 0, String.join("\n",
                "port " + port, "bindaddress 127.0.0.1", "allow 127.0.0.1", "local stratum 8", "cmdport 0"));
    }

    /**
     * @param dir      a directory for its files
     * @param upstream the server it synchronizes to
     * @return a chronyd tracking {@code upstream} every 1/16 s, its command port on 127.0.0.1 open to chronyc
     * @throws IOException when it cannot start
     */
    public static ChronyServer clientOf(Path dir, ChronyServer upstream) throws IOException {
        int cmd = FreePorts.udp();
        return start(dir, "client", 0, cmd, String.join("\n",
                "server 127.0.0.1 port " + upstream.ntpPort + " iburst minpoll -4 maxpoll -4", "port 0",
                "cmdport " + cmd, "bindcmdaddress 127.0.0.1", "cmdallow 127.0.0.1"));
    }

    private static ChronyServer start(Path dir, String name, int ntpPort, int cmdPort, String conf) throws IOException {
        Path d = Files.createDirectories(dir.resolve("chrony-" + name));
        Path file = d.resolve("chrony.conf");
        Files.writeString(file, conf + "\npidfile " + d.resolve("chronyd.pid") + "\ndriftfile " + d.resolve("drift") + "\n");
        PeerProcess p = PeerProcess.start("chronyd " + name, List.of("chronyd", "-U", "-x", "-d", "-f", file.toString()));
        p.awaitLine(".*Disabled control of system clock.*");
        return new ChronyServer(p, ntpPort, cmdPort);
    }

    /** @return the NTP port, {@code 127.0.0.1:port} as configured in our client */
    public String hostPort() {
        return "127.0.0.1:" + ntpPort;
    }

    /** @return the command line of {@code chronyc -c tracking} against this chronyd */
    public List<String> trackingCommand() {
        return List.of("chronyc", "-h", "127.0.0.1", "-p", String.valueOf(cmdPort), "-c", "tracking");
    }

    /** @return what it printed */
    public String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}
