package org.mviot.edge.launcher;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Adds the local MQTT broker's client login to {@code mviot-edge status}. The running gateway's
 * status names the broker and its logins file but never holds the password (the status document
 * may be shown elsewhere); the launcher reads the file with its caller's rights: the login when the
 * caller may read it, else where it is and who may read it. It never makes {@code status} fail.
 */
final class LocalBrokerStatus {

    /** The gateway's text line about its local broker ({@code StatusText} in the core). */
    private static final String TEXT_LINE = "local    MQTT broker ";
    /** The member of the gateway's JSON document, as its pretty printer writes it ({@code GatewayStatus}). */
    private static final String JSON_MEMBER = "\"localBroker\": {";

    private final Path data;

    /** @param data the gateway's data directory (the logins file is under it) */
    LocalBrokerStatus(Path data) {
        this.data = data;
    }

    /**
     * @param status the gateway's answer to {@code mviot:status} (text or {@code --json})
     * @param json   whether it is JSON
     * @return the answer with the login added, unchanged when the gateway runs no local broker
     */
    String addLogin(String status, boolean json) {
        int at = status.indexOf(json ? JSON_MEMBER : TEXT_LINE);
        if (at < 0) {
            return status;
        }
        String user = null;
        String password = null;
        String problem = null;
        Path file = LocalBrokerLogin.file(data);
        try {
            Optional<LocalBrokerLogin> login = LocalBrokerLogin.read(data);
            if (login.isPresent()) {
                user = login.get().user();
                password = login.get().password();
            } else {
                problem = file + " does not exist yet (the broker writes it at its first start)";
            }
        } catch (AccessDeniedException e) {
            problem = file + " is readable only by the gateway's user and root: sudo mviot-edge status shows the password";
        } catch (IOException e) {
            problem = e.getMessage();
        }
        if (json) {
            int insert = at + JSON_MEMBER.length();
            String members = problem == null
                    ? "\n    \"user\": " + quoted(user) + ",\n    \"password\": " + quoted(password) + ","
                    : "\n    \"user\": null,\n    \"password\": null,\n    \"loginProblem\": " + quoted(problem) + ",";
            return status.substring(0, insert) + members + status.substring(insert);
        }
        int end = status.indexOf('\n', at);
        end = end < 0 ? status.length() : end + 1;
        String line = String.format("%-8s %s%n", "login", problem == null ? "user " + user + ", password " + password : problem);
        return status.substring(0, end) + line + status.substring(end);
    }

    /** A JSON string: the password is generated, but a path or an I/O message may hold anything. */
    private static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
