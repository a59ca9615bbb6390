package org.mviot.edge.cloud.mqtt.internal.downlink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The committed seed corpus of real Ditto commands ({@code src/test/resources/org/mviot/edge/cloud/mqtt/fuzz/commands}). */
final class CommandCorpus {

    private static final String DIR = "/org/mviot/edge/cloud/mqtt/fuzz/commands/";
    private static final List<String> FILES = List.of("twin-modify-setpoint.json", "twin-merge-features.json", "live-modify-property.json",
            "live-message.json", "twin-modify-object.json", "twin-modify-string.json", "twin-modify-null.json",
            "twin-retrieve-unsupported.json");

    private CommandCorpus() {
    }

    /** @return every command of the corpus, as bytes */
    static List<byte[]> all() {
        List<byte[]> out = new ArrayList<>();
        for (String f : FILES) {
            try (InputStream in = CommandCorpus.class.getResourceAsStream(DIR + f)) {
                if (in == null) {
                    throw new IllegalStateException("corpus file missing: " + DIR + f);
                }
                out.add(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
