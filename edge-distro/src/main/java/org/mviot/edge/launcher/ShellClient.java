package org.mviot.edge.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.mviot.edge.launcher.config.ConfigException;

/**
 * {@code mviot-edge shell}: runs Gogo commands in a running gateway through its shell socket
 * ({@code <data>/shell.sock}, opened by the runtime bundle), so a gateway run by systemd, which has
 * no console, can still be inspected and managed: {@code lb}, {@code install}, {@code uninstall},
 * {@code scr:list}, …
 */
final class ShellClient {

    /** File name of the socket in the data directory; the runtime bundle opens it. */
    static final String SOCKET_NAME = "shell.sock";

    private final Path socket;
    private final PrintStream out;

    ShellClient(Path dataDir, PrintStream out) {
        this.socket = dataDir.resolve(SOCKET_NAME);
        this.out = out;
    }

    private static String permission(String what) {
        return "permission denied: " + what + " by user " + System.getProperty("user.name")
                + "; run it as root (sudo mviot-edge shell …) or as the gateway's user";
    }

    /**
     * Runs one command line.
     *
     * @param line the command
     * @return 0 when it succeeded, 1 when it failed
     * @throws ConfigException            if the socket cannot be used (permissions)
     * @throws GatewayNotRunningException if no gateway listens on the socket
     */
    int run(String line) throws ConfigException, GatewayNotRunningException {
        Path dir = socket.getParent();
        if (Files.isDirectory(dir) && !(Files.isReadable(dir) && Files.isExecutable(dir))) {
            throw new ConfigException(permission(dir + " (the gateway's data directory) cannot be read"));
        }
        if (!Files.exists(socket)) {
            throw new GatewayNotRunningException("no running gateway: " + socket
                    + " does not exist (start it: systemctl start mviot-edge or mviot-edge run; or point --data / MVIOT_DATA at its data directory)");
        }
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer request = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (request.hasRemaining()) {
                ch.write(request);
            }
            ch.shutdownOutput();
            InputStream in = Channels.newInputStream(ch);
            int status = in.read();
            in.transferTo(out);
            out.flush();
            return status == '0' ? 0 : 1;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Permission denied")) {
                throw new ConfigException(permission(socket + " (the gateway's shell socket) cannot be opened"));
            }
            if (e instanceof java.net.ConnectException || (e.getMessage() != null && e.getMessage().contains("Connection refused"))) {
                // the socket file of a gateway that was killed: nobody listens
                throw new GatewayNotRunningException("no running gateway: nothing listens on " + socket
                        + " (left by a gateway that ended without cleaning up; start it: systemctl start mviot-edge or mviot-edge run)");
            }
            throw new ConfigException("cannot reach the gateway through " + socket + ": " + e.getMessage());
        }
    }

    /**
     * Reads command lines from standard input until its end (or {@code exit}), running each.
     *
     * @param in         standard input
     * @param prompt     whether to print a prompt (a terminal)
     * @return the status of the last command
     * @throws ConfigException            if the socket cannot be used
     * @throws GatewayNotRunningException if no gateway listens
     * @throws IOException                if standard input fails
     */
    int repl(InputStream in, boolean prompt) throws ConfigException, GatewayNotRunningException, IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int last = 0;
        while (true) {
            if (prompt) {
                out.print("mviot> ");
                out.flush();
            }
            String line = r.readLine();
            if (line == null || line.strip().equals("exit") || line.strip().equals("quit")) {
                return last;
            }
            if (!line.isBlank()) {
                last = run(line.strip());
            }
        }
    }
}
