package org.mviot.edge.runtime.internal.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives {@code mviot-edge shell COMMAND} the Gogo shell of a gateway running as a service, which has
 * no console: a Unix domain socket {@code <data>/shell.sock}, readable by the gateway's user only.
 *
 * <p>Protocol: the client sends one command line and closes its side; the gateway answers with one
 * status byte ({@code '0'} done, {@code '1'} the command failed) followed by the command's output.
 * Connections are served by two named threads; one that sends nothing is closed after
 * {@link #CLIENT_TIMEOUT_S} seconds.
 */
@Component(immediate = true)
public final class ShellSocket {

    /** File name of the socket in the data directory. */
    public static final String SOCKET_NAME = "shell.sock";
    static final long CLIENT_TIMEOUT_S = 30;
    private static final Logger LOG = LoggerFactory.getLogger(ShellSocket.class);
    private static final int MAX_COMMAND_BYTES = 64 * 1024;

    private final CommandProcessor processor;
    private final Path socket;
    private final ServerSocketChannel server;
    private final ExecutorService workers;
    private final ScheduledExecutorService timeouts;
    private final Thread acceptor;

    /**
     * Opens the socket when the gateway has a data directory (framework property {@code mviot.data}).
     *
     * @param context   the bundle context
     * @param processor the Gogo command processor
     * @throws IOException if the socket cannot be opened
     */
    @Activate
    public ShellSocket(BundleContext context, @Reference CommandProcessor processor) throws IOException {
        this.processor = processor;
        String data = context.getProperty("mviot.data");
        if (data == null) {
            LOG.info("no gateway data directory (mviot.data): shell socket not opened");
            socket = null;
            server = null;
            workers = null;
            timeouts = null;
            acceptor = null;
            return;
        }
        socket = Path.of(data, SOCKET_NAME);
        Files.deleteIfExists(socket); // left over from a run that did not end cleanly
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        try {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.warn("cannot restrict permissions of {}: {}", socket, e.getMessage());
        }
        workers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(16),
                r -> daemon(r, "mviot-shell"), new ThreadPoolExecutor.AbortPolicy());
        timeouts = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "mviot-shell-timeout"));
        acceptor = daemon(this::acceptLoop, "mviot-shell-accept");
        acceptor.start();
        LOG.info("shell socket open at {} (use: mviot-edge shell COMMAND)", socket);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                try {
                    workers.execute(() -> serve(client));
                } catch (java.util.concurrent.RejectedExecutionException busy) {
                    answer(client, false, "gateway shell busy: too many commands at once, try again\n");
                }
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.warn("shell socket accept failed: {}", e.getMessage());
            }
        }
    }

    private void serve(SocketChannel client) {
        ScheduledFuture<?> timeout = timeouts.schedule(() -> close(client), CLIENT_TIMEOUT_S, TimeUnit.SECONDS);
        try {
            String command = readCommand(client);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean ok = execute(command, out);
            timeout.cancel(false);
            answer(client, ok, out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.debug("shell client went away: {}", e.getMessage());
        } finally {
            timeout.cancel(false);
            close(client);
        }
    }

    private static String readCommand(SocketChannel client) throws IOException {
        InputStream in = Channels.newInputStream(client);
        byte[] bytes = in.readNBytes(MAX_COMMAND_BYTES);
        return new String(bytes, StandardCharsets.UTF_8).strip();
    }

    /** Runs one command line in a fresh session; output and errors go to {@code out}. */
    boolean execute(String command, OutputStream out) {
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        if (command.isEmpty()) {
            ps.println("no command given (try: help)");
            return false;
        }
        try (CommandSession session = processor.createSession(InputStream.nullInputStream(), ps, ps)) {
            Object result = session.execute(command);
            if (result != null) {
                ps.println(session.format(result, Converter.INSPECT));
            }
            ps.flush();
            LOG.info("shell: {}", command);
            return true;
        } catch (Exception e) {
            ps.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            ps.flush();
            LOG.info("shell: {} failed: {}", command, e.getMessage());
            return false;
        }
    }

    private static void answer(SocketChannel client, boolean ok, String output) {
        try {
            byte[] body = output.getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.allocate(body.length + 1).put((byte) (ok ? '0' : '1')).put(body).flip();
            while (buf.hasRemaining()) {
                client.write(buf);
            }
        } catch (IOException e) {
            LOG.debug("shell client went away: {}", e.getMessage());
        }
    }

    private static void close(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("closing shell client: {}", e.getMessage());
        }
    }

    /** Closes the socket and removes its file. */
    @Deactivate
    void deactivate() throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        server.close();
        acceptor.join(TimeUnit.SECONDS.toMillis(2));
        workers.shutdownNow();
        timeouts.shutdownNow();
        Files.deleteIfExists(socket);
    }
}
