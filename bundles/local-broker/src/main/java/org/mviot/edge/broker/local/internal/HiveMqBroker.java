package org.mviot.edge.broker.local.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;

/**
 * One embedded HiveMQ Community Edition broker: MQTT 3.1.1 and 5 on one TCP listener, in-memory
 * persistence (sessions and retained messages end with the broker), no usage statistics, and
 * HiveMQ's own logging bootstrap off so that it logs through the gateway's SLF4J.
 *
 * <p>HiveMQ CE refuses every client unless an extension authenticates it; the embedded extension
 * given to {@link #start} decides who gets in and what each client may do ({@link AccessControl}).
 */
final class HiveMqBroker implements AutoCloseable {

    /** Why the broker did not start, as one sentence. */
    static final class StartFailure extends Exception {
        private static final long serialVersionUID = 1L;

        StartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final EmbeddedHiveMQ hivemq;

    private HiveMqBroker(EmbeddedHiveMQ hivemq) {
        this.hivemq = hivemq;
    }

    /**
     * Writes the broker's configuration into a work directory and starts it.
     *
     * @param settings where to listen
     * @param access   the embedded extension that authenticates and authorizes clients
     * @param work     directory for {@code conf/config.xml}, {@code data/} (HiveMQ keeps only its
     *                 instance id there in memory mode) and an empty {@code extensions/}
     * @param timeout  how long the start may take
     * @return the running broker
     * @throws StartFailure naming the address and the reason
     */
    static HiveMqBroker start(BrokerSettings settings, ExtensionMain access, Path work, Duration timeout) throws StartFailure {
        checkAddressFree(settings);
        Path conf = work.resolve("conf");
        try {
            Files.createDirectories(conf);
            Files.createDirectories(work.resolve("data"));
            // an empty folder: without it HiveMQ warns at every start that it cannot use it
            Files.createDirectories(work.resolve("extensions"));
            Files.writeString(conf.resolve("config.xml"), configXml(settings), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StartFailure("cannot write its configuration in " + work + ": " + e, e);
        }
        EmbeddedExtension security = EmbeddedExtension.builder()
                .withId("mviot-local-access")
                .withName("mviot-edge local broker: logins and topic permissions")
                .withVersion("1")
                .withAuthor("mviot-edge")
                .withPriority(0)
                .withStartPriority(1000)
                .withExtensionMain(access)
                .build();
        HiveMqTuning.apply();
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        // JAXB (config.xml) finds its implementation through the context class loader; HiveMQ's
        // threads are created during start and inherit it: this bundle's, which embeds them all
        current.setContextClassLoader(HiveMqBroker.class.getClassLoader());
        EmbeddedHiveMQ hivemq = null;
        try {
            hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(work.resolve("data"))
                    .withExtensionsFolder(work.resolve("extensions"))
                    .withEmbeddedExtension(security)
                    .withoutLoggingBootstrap()
                    .build();
            hivemq.start().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new HiveMqBroker(hivemq);
        } catch (ExecutionException e) {
            closeQuietly(hivemq, timeout);
            throw new StartFailure(reason(e.getCause(), settings), e.getCause());
        } catch (TimeoutException e) {
            closeQuietly(hivemq, timeout);
            throw new StartFailure("it did not start within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(hivemq, timeout);
            throw new StartFailure("interrupted while starting", e);
        } catch (RuntimeException | LinkageError e) {
            closeQuietly(hivemq, timeout);
            throw new StartFailure("HiveMQ failed: " + e, e);
        } finally {
            current.setContextClassLoader(before);
        }
    }

    /**
     * Binds the address for a moment before HiveMQ does: a port in use is then one line of ours,
     * not two ERROR lines of HiveMQ's and a broker started (2-3 s) only to stop again.
     */
    private static void checkAddressFree(BrokerSettings settings) throws StartFailure {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.port()));
        } catch (BindException e) {
            throw new StartFailure(inUse(settings, e), e);
        } catch (IOException e) {
            throw new StartFailure("cannot listen on " + settings.address() + ": " + e.getMessage(), e);
        }
    }

    private static String inUse(BrokerSettings settings, BindException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("already in use")) {
            return settings.address() + " is already in use (another MQTT broker?): choose another port with "
                    + "'mviot-edge provision --local-broker-port PORT' or port= in deploy/" + LocalBroker.PID + ".cfg";
        }
        // e.g. "Cannot assign requested address": not an address of this machine
        return "cannot listen on " + settings.address() + ": " + m;
    }

    /** HiveMQ reports a failed start with an exception that says little; its own log lines say more. */
    private static String reason(Throwable e, BrokerSettings settings) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException b) {
                return inUse(settings, b);
            }
        }
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && b.indexOf(t.getMessage()) < 0) {
                b.append(b.length() == 0 ? "" : ": ").append(t.getMessage());
            }
        }
        return b.length() == 0 ? "HiveMQ stopped during its start (" + e.getClass().getSimpleName() + "; see its log lines above)"
                : b.toString();
    }

    static String configXml(BrokerSettings s) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- written by mviot-edge's local broker at every start: edit PID %s instead -->
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                        </tcp-listener>
                    </listeners>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(LocalBroker.PID, s.port(), s.bindAddress());
    }

    /**
     * Stops the broker: its listener closes at once; HiveMQ then shuts its thread pools down
     * gracefully (netty's quiet period: about 2 s), waited for up to a bound.
     *
     * @param timeout how long to wait
     * @return whether it stopped within the bound
     */
    boolean stop(Duration timeout) {
        return closeQuietly(hivemq, timeout);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    private static boolean closeQuietly(EmbeddedHiveMQ hivemq, Duration timeout) {
        if (hivemq == null) {
            return true;
        }
        try {
            hivemq.stop().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            hivemq.close();
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | RuntimeException e) {
            return false;
        }
    }
}
