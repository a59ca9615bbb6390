package org.mviot.edge.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.security.internal.policy.PolicyDocument;
import org.mviot.edge.security.internal.policy.PolicyParser;

class PolicyFileWatchTest {

    private static final String RESOURCE = "thing:/features/relay/desiredProperties/on";
    private static final String GRANT_OPS = "{\"entries\":{\"ops\":{\"subjects\":[\"ops\"],\"resources\":{\"thing:/features\":{\"grant\":[\"WRITE\"]}}}}}";
    private static final String GRANT_BOB = "{\"entries\":{\"bob\":{\"subjects\":[\"bob\"],\"resources\":{\"thing:/features\":{\"grant\":[\"WRITE\"]}}}}}";

    @TempDir
    Path dir;

    private PolicyFileWatch watch(PolicyWhenMissing missing) throws Exception {
        PolicyDocument demo = PolicyParser.parse(Path.of("demo"), "{\"entries\":{\"d\":{\"subjects\":[\"*\"],\"resources\":{\"thing:/\":{\"grant\":[\"WRITE\"]}}}}}");
        return new PolicyFileWatch(dir.resolve("policy.json"), missing, System::currentTimeMillis, demo);
    }

    private boolean allows(PolicyFileWatch w, String subject) {
        return w.current().policy().evaluate(subject, RESOURCE).allowed();
    }

    /** Writes the file with a new modification time, as an editor saving it later would. */
    private void write(String json, int second) throws Exception {
        Path f = dir.resolve("policy.json");
        Files.writeString(f, json);
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_700_000_000_000L + second * 1000L));
    }

    @Test
    void withoutAFileAHardwareProfileDeniesEverything() throws Exception {
        PolicyFileWatch w = watch(PolicyWhenMissing.DENY);
        w.refresh();
        assertThat(allows(w, "anyone")).isFalse();
        assertThat(w.current().describe()).startsWith("deny-all: no ");
    }

    @Test
    void withoutAFileTheSimProfileRunsTheDemoPolicy() throws Exception {
        PolicyFileWatch w = watch(PolicyWhenMissing.DEMO);
        w.refresh();
        assertThat(allows(w, "")).isTrue();
        assertThat(w.current().describe()).startsWith("demo");
    }

    @Test
    void aChangedFileIsInForceAfterTheNextLook() throws Exception {
        PolicyFileWatch w = watch(PolicyWhenMissing.DENY);
        write(GRANT_OPS, 1);
        w.refresh();
        assertThat(allows(w, "ops")).isTrue();
        write(GRANT_BOB, 2);
        w.refresh();
        assertThat(allows(w, "ops")).isFalse();
        assertThat(allows(w, "bob")).isTrue();
    }

    @Test
    void aMalformedFileKeepsThePreviousPolicyAndNamesTheFileAndPath() throws Exception {
        PolicyFileWatch w = watch(PolicyWhenMissing.DENY);
        write(GRANT_OPS, 1);
        w.refresh();
        write("{\"entries\":{\"ops\":{\"subjects\":[\"ops\"],\"resources\":{\"thing:/features\":{\"grant\":[\"WRTE\"]}}}}}", 2);
        w.refresh();
        assertThat(allows(w, "ops")).isTrue();
        assertThat(w.error()).contains(dir.resolve("policy.json").toString()).contains("$.entries.ops.resources.thing:/features.grant[0]");
        write(GRANT_BOB, 3);
        w.refresh();
        assertThat(w.error()).isNull();
        assertThat(allows(w, "bob")).isTrue();
    }

    @Test
    void aMalformedFirstFileDeniesEverythingEvenOnTheSimProfile() throws Exception {
        PolicyFileWatch w = watch(PolicyWhenMissing.DEMO);
        w.refresh();
        assertThat(allows(w, "x")).isTrue();
        write("{\"entries\": [", 1);
        w.refresh();
        assertThat(allows(w, "x")).isFalse();
        assertThat(w.error()).contains("not valid JSON");
    }

    @Test
    void aRemovedFileDeniesEverythingRatherThanFallingBackToTheDemo() throws Exception {
        PolicyFileWatch w = watch(PolicyWhenMissing.DEMO);
        write(GRANT_OPS, 1);
        w.refresh();
        Files.delete(dir.resolve("policy.json"));
        w.refresh();
        assertThat(allows(w, "ops")).isFalse();
        assertThat(allows(w, "")).isFalse();
        assertThat(w.current().describe()).contains("was removed");
    }
}
