package org.mviot.edge.cloud.mqtt.internal.link;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The gateway's own login at its local broker: {@code gateway.username} and {@code gateway.password}
 * of the file the local broker generates at its first start (the launcher passes its path as
 * {@code mviot.local.broker.credentials}). Read at every connection attempt, so the link that
 * starts before the broker's first start has written the file logs in at its next attempt.
 *
 * @param user     the user name
 * @param password the password
 */
record LocalBrokerLogin(String user, String password) {

    /** Keeps the password out of log lines. */
    @Override
    public String toString() {
        return "LocalBrokerLogin[" + user + ", password hidden]";
    }

    /**
     * @param file the local broker's logins file
     * @return the gateway's login
     * @throws IOException naming the file when it is missing, unreadable or lacks the login
     */
    static LocalBrokerLogin read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("the local broker's logins " + file + " do not exist (yet): the broker writes them when it starts");
        }
        Properties p = new Properties();
        try (Reader r = new StringReader(text)) {
            p.load(r);
        }
        String user = p.getProperty("gateway.username", "").trim();
        String password = p.getProperty("gateway.password", "").trim();
        if (user.isEmpty() || password.isEmpty()) {
            throw new IOException("the local broker's logins " + file + " have no gateway.username and gateway.password");
        }
        return new LocalBrokerLogin(user, password);
    }
}
