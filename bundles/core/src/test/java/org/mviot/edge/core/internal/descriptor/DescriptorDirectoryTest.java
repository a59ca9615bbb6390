package org.mviot.edge.core.internal.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptorDirectoryTest {

    @TempDir
    Path dir;

    private final List<String> events = new ArrayList<>();
    private final DescriptorDirectory.Listener listener = new DescriptorDirectory.Listener() {
        @Override
        public void valid(String origin, DeviceConfig config) {
            events.add("valid " + config.id() + " " + config.channels().size());
        }

        @Override
        public void invalid(String origin, List<DescriptorProblem> problems) {
            events.add("invalid " + Path.of(origin).getFileName() + " " + problems.get(0).jsonPath());
        }

        @Override
        public void removed(String origin) {
            events.add("removed " + Path.of(origin).getFileName());
        }
    };

    private static final String ONE = DescriptorParserTest.device(DescriptorParserTest.TEMP);
    private static final String TWO = DescriptorParserTest.device(DescriptorParserTest.TEMP
            + ", {\"name\": \"t2\", \"type\": \"double\", \"poll\": \"1s\"}");

    @Test
    void reportsFilesAddedChangedAndRemoved() throws Exception {
        DescriptorDirectory d = new DescriptorDirectory(dir, new DescriptorParser("org.example", k -> null), listener);
        Path f = dir.resolve("boiler.json");
        Files.writeString(f, ONE);
        d.scan();
        d.scan();
        Files.writeString(f, TWO);
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 2000));
        d.scan();
        Files.delete(f);
        d.scan();
        assertThat(events).containsExactly("valid boiler 1", "valid boiler 2", "removed boiler.json");
    }

    @Test
    void anInvalidFileDoesNotAffectAnotherOne() throws Exception {
        DescriptorDirectory d = new DescriptorDirectory(dir, new DescriptorParser("org.example", k -> null), listener);
        Files.writeString(dir.resolve("a-bad.json"), "{\"id\": \"x\", \"driver\": \"sim\", \"channels\": 3}");
        Files.writeString(dir.resolve("b-good.json"), ONE);
        Files.writeString(dir.resolve("notes.txt"), "not a descriptor");
        d.scan();
        assertThat(events).containsExactly("invalid a-bad.json $.channels", "valid boiler 1");
    }

    @Test
    void waitsQuietlyForAMissingDirectory() {
        DescriptorDirectory d = new DescriptorDirectory(dir.resolve("devices"), new DescriptorParser("org.example", k -> null), listener);
        d.scan();
        assertThat(events).isEmpty();
    }
}
