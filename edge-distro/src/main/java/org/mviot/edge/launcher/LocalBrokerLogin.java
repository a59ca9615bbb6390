package org.mviot.edge.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The login local clients use at the gateway's own MQTT broker, read from the file the broker
 * generates at its first start ({@code <data>/local-broker/credentials.properties}, mode 0600; see
 * {@code bundles/local-broker/README.md}). {@code mviot-edge broker-credentials} prints it; {@code
 * mviot-edge status} may show it with {@link #read}. The launcher never writes the file, and the
 * gateway's own {@code gateway.*} login in it is never shown.
 *
 * @param file     the logins file
 * @param user     the {@code client.username}
 * @param password the {@code client.password}
 */
public record LocalBrokerLogin(Path file, String user, String password) {

    /** The file under the data directory, where the launcher tells the broker and the cloud link to find it. */
    static final String RELATIVE_FILE = "local-broker/credentials.properties";

    /** Keeps the password out of log lines and exception messages. */
    @Override
    public String toString() {
        return "LocalBrokerLogin[" + file + ", user " + user + ", password hidden]";
    }

    /**
     * @param data the gateway's data directory
     * @return where the local broker keeps its logins
     */
    public static Path file(Path data) {
        return data.resolve(RELATIVE_FILE);
    }

    /**
     * @param data the gateway's data directory
     * @return the client login, empty when the broker has not run yet on this data directory
     * @throws IOException naming the file when it exists but cannot be read or lacks the login
     */
    public static Optional<LocalBrokerLogin> read(Path data) throws IOException {
        Path f = file(data);
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = new StringReader(text)) {
            p.load(r);
        }
        String user = p.getProperty("client.username", "").trim();
        String password = p.getProperty("client.password", "").trim();
        if (user.isEmpty() || password.isEmpty()) {
            throw new IOException(f + " has no client.username and client.password (delete it and restart the gateway to get new ones)");
        }
        return Optional.of(new LocalBrokerLogin(f, user, password));
    }

    /**
     * Prints the login for a person, or for a mosquitto client options file.
     *
     * @param out       where to
     * @param brokerUri the local broker's URI
     * @param mosquitto {@code true}: only the lines of a {@code ~/.config/mosquitto_sub} options file
     */
    void print(PrintStream out, String brokerUri, boolean mosquitto) {
        String host = brokerUri.replaceFirst("^tcp://", "").replaceFirst(":\\d+$", "");
        String port = brokerUri.replaceFirst("^.*:", "");
        if (mosquitto) {
            out.println("-h " + host);
            out.println("-p " + port);
            out.println("-V mqttv5");
            out.println("-u " + user);
            out.println("-P " + password);
            return;
        }
        out.println("local MQTT broker " + brokerUri + ", logins in " + file + " (mode 0600)");
        out.println("user     " + user);
        out.println("password " + password);
        out.println("reads the twin topics (<prefix>/+/twin/#, <prefix>/+/state); more, and commands, only when granted: lan.read / lan.write");
        out.println("of PID org.mviot.edge.broker.local (bundles/local-broker/README.md). For mosquitto_sub and mosquitto_pub, keep the");
        out.println("password off their command line:");
        out.println("  (umask 077; mviot-edge broker-credentials --mosquitto > ~/.config/mosquitto_sub; cp -p ~/.config/mosquitto_sub ~/.config/mosquitto_pub)");
    }
}
