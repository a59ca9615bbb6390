package org.mviot.edge.core.internal.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
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
    private final List<String> messages = new ArrayList<>();
    private final DescriptorDirectory.Listener listener = new DescriptorDirectory.Listener() {
        @Override
        public void valid(String origin, DeviceConfig config) {
            events.add("valid " + config.id() + " " + config.channels().size());
        }

        @Override
        public void invalid(String origin, List<DescriptorProblem> problems) {
            events.add("invalid " + Path.of(origin).getFileName() + " " + problems.get(0).jsonPath());
            messages.add(problems.get(0).toString());
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

    /** The 968-byte file that stopped all descriptor loading: a derived expression nesting 400 parentheses, scanned on a 256k stack. */
    static String deepExpression() {
        return "{\"id\": \"deep\", \"driver\": \"sim\", \"channels\": [" + DescriptorParserTest.TEMP + "],"
                + "\"derived\": [{\"name\": \"d\", \"expression\": \"" + "(".repeat(400) + "temp" + ")".repeat(400) + "\"}]}";
    }

    @Test
    void aFourHundredDeepExpressionIsReportedAndFilesAfterItAndAddedLaterStillLoad() throws Throwable {
        DescriptorDirectory d = new DescriptorDirectory(dir, new DescriptorParser("org.example", k -> null), listener);
        Files.writeString(dir.resolve("a-deep.json"), deepExpression());
        Files.writeString(dir.resolve("b-good.json"), ONE);
        onSmallStack(d::scan);
        Files.writeString(dir.resolve("c-later.json"), TWO.replace("\"boiler\"", "\"later\""));
        onSmallStack(d::scan);
        assertThat(events).containsExactly("invalid a-deep.json $.derived[0].expression", "valid boiler 1", "valid later 2");
        assertThat(messages.get(0)).contains("a-deep.json", "nests deeper than 32 levels");
    }

    @Test
    void aFileOverOneMebibyteIsRefusedByItsSizeAndTheScanGoesOn() throws Exception {
        DescriptorDirectory d = new DescriptorDirectory(dir, new DescriptorParser("org.example", k -> null), listener);
        Path huge = dir.resolve("a-huge.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(100L << 20); // sparse: 100 MB that take no disk
        }
        Files.writeString(dir.resolve("b-good.json"), ONE);
        d.scan();
        assertThat(events).containsExactly("invalid a-huge.json $", "valid boiler 1");
        assertThat(messages.get(0)).contains("a-huge.json", "104857600 bytes", "limit of 1048576 bytes", "not read");
    }

    @Test
    void aFileOfExactlyTheLimitIsRead() throws Exception {
        DescriptorDirectory d = new DescriptorDirectory(dir, new DescriptorParser("org.example", k -> null), listener);
        String padded = ONE + " ".repeat((int) DescriptorLimits.MAX_FILE_BYTES - ONE.length());
        Files.writeString(dir.resolve("full.json"), padded);
        d.scan();
        assertThat(events).containsExactly("valid boiler 1");
    }

    @Test
    void aFileThatIsNotUtf8IsReportedAsSuch() throws Exception {
        DescriptorDirectory d = new DescriptorDirectory(dir, new DescriptorParser("org.example", k -> null), listener);
        Files.write(dir.resolve("latin1.json"), new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xE9, '"', '}'});
        d.scan();
        assertThat(messages).singleElement().asString().contains("latin1.json", "not UTF-8");
    }

    @Test
    void whateverApplyingOneFileThrowsIsThatFilesProblemAndTheScanGoesOn() throws Exception {
        List<String> seen = new ArrayList<>();
        DescriptorDirectory.Listener exploding = new DescriptorDirectory.Listener() {
            @Override
            public void valid(String origin, DeviceConfig config) {
                if (origin.endsWith("a-first.json")) {
                    throw new StackOverflowError();
                }
                if (origin.endsWith("b-second.json")) {
                    throw new IllegalStateException("driver exploded");
                }
                seen.add("valid " + Path.of(origin).getFileName());
            }

            @Override
            public void invalid(String origin, List<DescriptorProblem> problems) {
                seen.add("invalid " + Path.of(origin).getFileName() + ": " + problems.get(0).message());
            }

            @Override
            public void removed(String origin) {
            }
        };
        DescriptorDirectory d = new DescriptorDirectory(dir, new DescriptorParser("org.example", k -> null), exploding);
        Files.writeString(dir.resolve("a-first.json"), ONE);
        Files.writeString(dir.resolve("b-second.json"), ONE);
        Files.writeString(dir.resolve("c-third.json"), ONE);
        d.scan();
        assertThat(seen).containsExactly(
                "invalid a-first.json: could not be processed: StackOverflowError (too deep for the thread's stack)",
                "invalid b-second.json: could not be processed: java.lang.IllegalStateException: driver exploded",
                "valid c-third.json");
    }

    static void onSmallStack(Runnable r) throws Throwable {
        Throwable[] thrown = {null};
        Thread t = new Thread(null, () -> {
            try {
                r.run();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        if (thrown[0] != null) {
            throw thrown[0];
        }
    }
}
