package org.mviot.edge.security.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.Chars;

/**
 * Properties of policy evaluation, on small alphabets so that patterns, resources and subjects
 * collide often. More tries: {@code -Djqwik.tries.default=100000}.
 */
class PolicyPropertiesTest {

    private static final Path FILE = Path.of("conf/policy.json");

    /** One generated entry: subjects, and resource pattern → revoke (true) or grant (false). */
    record GenEntry(List<String> subjects, Map<String, Boolean> resources) {
    }

    @Provide
    Arbitrary<List<GenEntry>> policies() {
        Arbitrary<String> segment = Arbitraries.of("a", "b", "ab", "*", "a*", "*b", "*a*");
        Arbitrary<String> pattern = Combinators.combine(Arbitraries.of("thing", "message"), segment.list().ofMaxSize(4))
                .as((t, segs) -> t + ":/" + String.join("/", segs));
        Arbitrary<Map<String, Boolean>> resources = Arbitraries.maps(pattern, Arbitraries.of(true, false, false)).ofMaxSize(4);
        Arbitrary<List<String>> subjects = Arbitraries.of("s1", "s2", "*").list().ofMinSize(1).ofMaxSize(2).uniqueElements();
        return Combinators.combine(subjects, resources).as(GenEntry::new).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> resources() {
        return Combinators.combine(Arbitraries.of("thing", "message"), Arbitraries.of("a", "b", "ab", "ba", "aab").list().ofMaxSize(5))
                .as((t, segs) -> t + ":/" + String.join("/", segs));
    }

    @Provide
    Arbitrary<String> subjects() {
        return Arbitraries.of("s1", "s2", "s3", "");
    }

    @Property
    void theCompiledTreeDecidesAsCheckingEveryRuleInTurn(@ForAll("policies") List<GenEntry> entries, @ForAll("subjects") String subject,
                                                         @ForAll("resources") String resource) throws Exception {
        Policy p = compile(entries);
        assertThat(p.evaluate(subject, resource).allowed()).isEqualTo(reference(entries, subject, resource));
    }

    @Property
    void aRevokeBeatsEveryGrant(@ForAll("policies") List<GenEntry> entries, @ForAll("subjects") String subject,
                                @ForAll("resources") String resource) throws Exception {
        List<GenEntry> all = new ArrayList<>(entries);
        all.add(new GenEntry(List.of(subject.isEmpty() ? "*" : subject), Map.of(resource, true)));
        all.add(0, new GenEntry(List.of("*"), Map.of(resource, false)));
        Verdict v = compile(all).evaluate(subject, resource);
        assertThat(v.allowed()).isFalse();
        assertThat(v.reason()).startsWith("denied by policy entry");
    }

    @Property
    void aSubjectNoEntryNamesIsAlwaysDenied(@ForAll("policies") List<GenEntry> entries, @ForAll("resources") String resource) throws Exception {
        List<GenEntry> named = entries.stream().map(e -> new GenEntry(e.subjects().stream().map(s -> s.equals("*") ? "s1" : s).distinct().toList(),
                e.resources())).toList();
        Verdict v = compile(named).evaluate("s3", resource);
        assertThat(v.allowed()).isFalse();
        assertThat(v.reason()).isEqualTo("no grant for subject 's3' on resource '" + resource + "'");
    }

    @Property
    void aSegmentGlobMatchesExactlyWhatTheEquivalentRegexMatches(@ForAll @StringLength(max = 12) @Chars({'a', 'b', '*'}) String glob,
                                                                 @ForAll @StringLength(max = 24) @Chars({'a', 'b'}) String segment) {
        assertThat(new SegmentPattern(glob).matches(segment)).isEqualTo(regex(glob).matcher(segment).matches());
    }

    @Property
    void aPatternOverTheWildcardOrLengthLimitIsNeverAccepted(@ForAll @StringLength(min = 1, max = 400) @Chars({'a', '*', '/'}) String path) {
        String pattern = "thing:/" + path;
        String json = "{\"entries\":{\"e\":{\"subjects\":[\"s\"],\"resources\":{\"" + pattern + "\":{\"grant\":[\"WRITE\"]}}}}}";
        boolean within = pattern.length() <= PolicyLimits.MAX_PATTERN_CHARS && pattern.chars().filter(c -> c == '*').count() <= PolicyLimits.MAX_WILDCARDS;
        boolean accepted;
        try {
            PolicyParser.parse(FILE, json);
            accepted = true;
        } catch (PolicyException e) {
            accepted = false;
        }
        assertThat(accepted).isEqualTo(within);
    }

    private static Pattern regex(String glob) {
        return Pattern.compile(Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")), Pattern.DOTALL);
    }

    static Policy compile(List<GenEntry> entries) throws PolicyException {
        StringBuilder b = new StringBuilder("{\"entries\":{");
        for (int i = 0; i < entries.size(); i++) {
            GenEntry e = entries.get(i);
            b.append(i > 0 ? "," : "").append("\"e").append(i).append("\":{\"subjects\":[");
            for (int j = 0; j < e.subjects().size(); j++) {
                b.append(j > 0 ? "," : "").append('"').append(e.subjects().get(j)).append('"');
            }
            b.append("],\"resources\":{");
            int j = 0;
            for (Map.Entry<String, Boolean> r : new LinkedHashMap<>(e.resources()).entrySet()) {
                b.append(j++ > 0 ? "," : "").append('"').append(r.getKey()).append("\":{\"").append(r.getValue() ? "revoke" : "grant")
                        .append("\":[\"WRITE\"]}");
            }
            b.append("}}");
        }
        return PolicyParser.parse(FILE, b.append("}}").toString()).policy();
    }

    /** The policy's meaning, checked rule by rule: a rule applies to its resource and everything below it. */
    private static boolean reference(List<GenEntry> entries, String subject, String resource) {
        String[] res = ResourcePath.split(resource);
        boolean granted = false;
        for (GenEntry e : entries) {
            if (!e.subjects().contains(subject) && !e.subjects().contains("*")) {
                continue;
            }
            for (Map.Entry<String, Boolean> r : e.resources().entrySet()) {
                String[] pat = ResourcePath.split(r.getKey());
                boolean applies = pat.length <= res.length;
                for (int i = 0; applies && i < pat.length; i++) {
                    applies = regex(pat[i]).matcher(res[i]).matches();
                }
                if (applies && r.getValue()) {
                    return false;
                }
                granted |= applies;
            }
        }
        return granted;
    }
}
