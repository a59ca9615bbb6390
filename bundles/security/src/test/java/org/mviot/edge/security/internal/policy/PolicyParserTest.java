package org.mviot.edge.security.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyParserTest {

    private static final Path FILE = Path.of("conf/policy.json");

    private static String error(String json) {
        try {
            PolicyParser.parse(FILE, json);
        } catch (PolicyException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void anUnknownPermissionIsNamedWithTheFileAndItsJsonPath() {
        assertThat(error("{\"entries\":{\"ops\":{\"subjects\":[\"a\"],\"resources\":{\"thing:/x\":{\"grant\":[\"WRITE\",\"WIRTE\"]}}}}}"))
                .isEqualTo("conf/policy.json at $.entries.ops.resources.thing:/x.grant[1]: unknown permission 'WIRTE' (expected READ or WRITE)");
    }

    @Test
    void brokenJsonIsNamedWithLineColumnAndPath() {
        assertThat(error("{\"entries\":{\"ops\":{\"subjects\":[\"a\",]}}}")).startsWith("conf/policy.json at $.entries.ops.subjects")
                .contains("not valid JSON").contains("line 1");
    }

    @Test
    void aKeyGivenTwiceIsRefusedRatherThanTheLastOneKeptSilently() {
        assertThat(error("{\"entries\":{\"a\":{\"subjects\":[\"x\"],\"resources\":{}},\"a\":{\"subjects\":[\"y\"],\"resources\":{}}}}"))
                .contains("$.entries.a").contains("key given twice");
    }

    @Test
    void aResourceOfAnotherTypeOrWithoutPathIsRefused() {
        assertThat(error("{\"entries\":{\"a\":{\"subjects\":[\"x\"],\"resources\":{\"policy:/\":{\"grant\":[\"WRITE\"]}}}}}"))
                .contains("$.entries.a.resources.policy:/").contains("must be thing:/<path> or message:/<path>");
        assertThat(error("{\"entries\":{\"a\":{\"subjects\":[\"x\"],\"resources\":{\"thing\":{\"grant\":[\"WRITE\"]}}}}}"))
                .contains("must be thing:/<path>");
    }

    @Test
    void patternsEntriesAndWildcardsAreBounded() {
        String longPattern = "thing:/" + "a".repeat(PolicyLimits.MAX_PATTERN_CHARS);
        assertThat(error("{\"entries\":{\"a\":{\"subjects\":[\"x\"],\"resources\":{\"" + longPattern + "\":{\"grant\":[\"WRITE\"]}}}}}"))
                .contains("over the limit of " + PolicyLimits.MAX_PATTERN_CHARS);
        assertThat(error("{\"entries\":{\"a\":{\"subjects\":[\"x\"],\"resources\":{\"thing:/*a*b*c*d*e*f*g*h*\":{\"grant\":[\"WRITE\"]}}}}}"))
                .contains("9 wildcards, over the limit of " + PolicyLimits.MAX_WILDCARDS);
        StringBuilder many = new StringBuilder("{\"entries\":{");
        for (int i = 0; i <= PolicyLimits.MAX_ENTRIES; i++) {
            many.append(i > 0 ? "," : "").append("\"e").append(i).append("\":{\"subjects\":[\"x\"],\"resources\":{}}");
        }
        assertThat(error(many.append("}}").toString())).contains("1001 entries, over the limit of 1000");
    }

    @Test
    void aFileWithoutEntriesOrWithUnknownKeysIsRefused() {
        assertThat(error("{}")).contains("no 'entries' object");
        assertThat(error("{\"entires\":{}}")).contains("$.entires: unknown key");
        assertThat(error("[]")).contains("$: expected a JSON object");
    }

    @Test
    void requiredSignaturesWithoutAKeyAreRefused() {
        assertThat(error("{\"entries\":{},\"signatures\":{\"required\":true}}"))
                .contains("$.signatures.keys").contains("no key is pinned");
    }

    @Test
    void aKeyFileOutsideThePolicyDirectoryIsRefused(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("conf/policy.json");
        Files.createDirectories(policy.getParent());
        Files.writeString(policy, "{\"entries\":{},\"signatures\":{\"required\":true,\"keys\":{\"k\":{\"file\":\"../k.pem\",\"subjects\":[\"a\"]}}}}");
        assertThatThrownBy(() -> PolicyParser.read(policy)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("$.signatures.keys.k.file").hasMessageContaining("must lie in the policy's directory");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedUnread(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("policy.json");
        Files.write(policy, new byte[(int) PolicyLimits.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> PolicyParser.read(policy)).hasMessageContaining("over the limit of " + PolicyLimits.MAX_FILE_BYTES);
    }

    @Test
    void dittoMetadataAndPolicyIdAreAccepted() throws Exception {
        PolicyDocument d = PolicyParser.parse(FILE, "{\"policyId\":\"ns:gw\",\"_revision\":3,\"imports\":{},\"entries\":{}}");
        assertThat(d.policyId()).isEqualTo("ns:gw");
    }
}
