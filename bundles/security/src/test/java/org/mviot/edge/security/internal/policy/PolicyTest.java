package org.mviot.edge.security.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class PolicyTest {

    private static final Path FILE = Path.of("conf/policy.json");

    static Policy policy(String entries) throws PolicyException {
        return PolicyParser.parse(FILE, "{\"entries\":" + entries + "}").policy();
    }

    private static final String OPERATORS = """
            {"operators": {
               "subjects": {"ditto:operator": {"type": "people"}},
               "resources": {
                 "thing:/features/*/desiredProperties": {"grant": ["READ", "WRITE"], "revoke": []},
                 "thing:/features/relay/desiredProperties/lock*": {"grant": [], "revoke": ["WRITE"]},
                 "message:/features/relay/inbox/messages/toggle": {"grant": ["WRITE"], "revoke": []}
               }},
             "robots": {
               "subjects": ["robot:1"],
               "resources": {"thing:/features/valve/desiredProperties/position": {"grant": ["WRITE"]}}}
            }""";

    @Test
    void aGrantOnAParentResourceAllowsTheDesiredPropertiesBelowIt() throws Exception {
        Verdict v = policy(OPERATORS).evaluate("ditto:operator", "thing:/features/boiler/desiredProperties/setpoint");
        assertThat(v.allowed()).isTrue();
        assertThat(v.reason()).contains("'operators'").contains("thing:/features/*/desiredProperties");
    }

    @Test
    void aRevokeOnADeeperResourceWinsOverTheGrantAboveAndIsNamedInTheReason() throws Exception {
        Verdict v = policy(OPERATORS).evaluate("ditto:operator", "thing:/features/relay/desiredProperties/lockout");
        assertThat(v.allowed()).isFalse();
        assertThat(v.reason()).startsWith("denied by policy entry 'operators' revoke on thing:/features/relay/desiredProperties/lock*");
    }

    @Test
    void aSubjectWithNoEntryIsDeniedNamingTheSubjectAndTheResource() throws Exception {
        Verdict v = policy(OPERATORS).evaluate("ditto:intruder", "thing:/features/boiler/desiredProperties/setpoint");
        assertThat(v.allowed()).isFalse();
        assertThat(v.reason()).isEqualTo("no grant for subject 'ditto:intruder' on resource 'thing:/features/boiler/desiredProperties/setpoint'");
    }

    @Test
    void aGrantOnOnePropertyAllowsNoOther() throws Exception {
        Policy p = policy(OPERATORS);
        assertThat(p.evaluate("robot:1", "thing:/features/valve/desiredProperties/position").allowed()).isTrue();
        assertThat(p.evaluate("robot:1", "thing:/features/valve/desiredProperties/speed").allowed()).isFalse();
        assertThat(p.evaluate("robot:1", "thing:/features/valve/properties/position").allowed()).isFalse();
    }

    @Test
    void messagesAreTheirOwnResourceType() throws Exception {
        Policy p = policy(OPERATORS);
        assertThat(p.evaluate("ditto:operator", "message:/features/relay/inbox/messages/toggle").allowed()).isTrue();
        assertThat(p.evaluate("ditto:operator", "message:/features/relay/inbox/messages/reset").allowed()).isFalse();
        assertThat(p.evaluate("robot:1", "message:/features/relay/inbox/messages/toggle").allowed()).isFalse();
    }

    @Test
    void theAnyoneSubjectCoversACommandNamingNoOriginator() throws Exception {
        Policy p = policy("{\"demo\":{\"subjects\":[\"*\"],\"resources\":{\"thing:/\":{\"grant\":[\"WRITE\"]}}}}");
        assertThat(p.evaluate("", "thing:/features/a/desiredProperties/b").allowed()).isTrue();
        assertThat(p.evaluate("x", "message:/features/a/inbox/messages/b").allowed()).isFalse();
    }

    @Test
    void aReadGrantAllowsNoCommand() throws Exception {
        Policy p = policy("{\"viewers\":{\"subjects\":[\"v\"],\"resources\":{\"thing:/\":{\"grant\":[\"READ\"]}}}}");
        assertThat(p.evaluate("v", "thing:/features/a/desiredProperties/b").allowed()).isFalse();
        assertThat(p.rules()).isZero();
    }

    @Test
    void anEmptyPolicyAndTheDenyAllPolicyDenyEverything() throws Exception {
        assertThat(policy("{}").evaluate("", "thing:/features/a/desiredProperties/b").allowed()).isFalse();
        assertThat(Policy.denyAll().evaluate("x", "thing:/features/a/desiredProperties/b").allowed()).isFalse();
    }

    @Test
    void aResourceOverTheLengthLimitOrMalformedIsDeniedUnread() throws Exception {
        Policy p = policy("{\"all\":{\"subjects\":[\"*\"],\"resources\":{\"thing:/\":{\"grant\":[\"WRITE\"]}}}}");
        assertThat(p.evaluate("x", "thing:/" + "a".repeat(Policy.MAX_RESOURCE_CHARS)).reason()).contains("over the limit");
        assertThat(p.evaluate("x", "features/a").allowed()).isFalse();
    }

    @Test
    void aSenderCannotForgeALogLineThroughTheReason() throws Exception {
        Verdict v = policy("{}").evaluate("evil\nFORGED line", "thing:/features/a/desiredProperties/b");
        assertThat(v.reason()).doesNotContain("\n").contains("evil\\u000aFORGED");
    }
}
