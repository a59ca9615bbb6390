package org.mviot.edge.core.internal.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzzing of the descriptor parser: whatever text it gets, real descriptors mutated, random JSON
 * built from the descriptor vocabulary, arbitrary text or very deep nesting, it returns a device or
 * throws a {@link DescriptorException} whose problems are bounded one-line messages: never another
 * exception, never a {@link StackOverflowError}. The seed corpus is under
 * {@code src/test/resources/descriptor-corpus} (the sim driver's demo devices and the examples of
 * docs/drivers.md). Tries: {@code junit-platform.properties}; more with
 * {@code -Djqwik.tries.default=100000}.
 */
class DescriptorParserFuzzTest {

    private static final List<String> SEEDS = corpus();
    private static final DescriptorParser PARSER = new DescriptorParser("org.example", kind -> null);

    private static List<String> corpus() {
        try {
            Path dir = Path.of(DescriptorParserFuzzTest.class.getResource("/descriptor-corpus").toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.sorted().map(p -> {
                    try {
                        return Files.readString(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("the seed corpus cannot be read", e);
        }
    }

    /** Parses and checks the invariant: a device, or bounded one-line problems naming the origin. */
    static void parsesOrReportsProblems(String text) {
        try {
            DeviceConfig c = PARSER.parse("fuzz.json", text);
            assertThat(c.id()).isNotBlank();
            assertThat(c.channels()).isNotEmpty();
        } catch (DescriptorException e) {
            assertThat(e.problems()).isNotEmpty().hasSizeLessThanOrEqualTo(ParseContext.MAX_PROBLEMS + 1);
            for (DescriptorProblem p : e.problems()) {
                assertThat(p.origin()).isEqualTo("fuzz.json");
                assertThat(p.toString()).hasSizeLessThan(4000).doesNotContainPattern("\\p{Cntrl}");
            }
        }
    }

    @Test
    void everySeedOfTheCorpusIsAValidDescriptor() throws Exception {
        assertThat(SEEDS).hasSizeGreaterThanOrEqualTo(5);
        for (String seed : SEEDS) {
            assertThat(PARSER.parse("seed.json", seed).channels()).isNotEmpty();
        }
    }

    @Property
    void mutatedRealDescriptorsGiveADeviceOrProblems(@ForAll("mutatedSeeds") String text) {
        parsesOrReportsProblems(text);
    }

    @Property
    void randomJsonOfTheDescriptorVocabularyGivesADeviceOrProblems(@ForAll("descriptorLikeJson") String text) {
        parsesOrReportsProblems(text);
    }

    @Property
    void arbitraryTextGivesProblems(@ForAll String text) {
        parsesOrReportsProblems(text);
    }

    @Property(tries = 50)
    void nestingOfAnyDepthGivesProblemsNotAStackOverflow(@ForAll @IntRange(min = 0, max = 200_000) int depth,
                                                         @ForAll("openers") String opener) {
        String value = opener.equals("[") ? "[".repeat(depth) + "]".repeat(depth) : opener.repeat(depth) + "1" + "}".repeat(depth);
        parsesOrReportsProblems("{\"id\": \"d\", \"driver\": \"sim\", \"connection\": " + value + ", \"channels\": []}");
    }

    @Provide
    Arbitrary<String> openers() {
        return Arbitraries.of("[", "{\"a\":");
    }

    private enum Kind { DELETE, INSERT, DUPLICATE, REPLACE, DEEPEN, HUGE_STRING, HUGE_NUMBER }

    private record Mutation(Kind kind, double at, int length, String payload) {
    }

    @Provide
    Arbitrary<String> mutatedSeeds() {
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(1, 64),
                        Arbitraries.oneOf(Arbitraries.strings().withChars("{}[]\":,0123456789.-eE \\ntfnu").ofMaxLength(8),
                                Arbitraries.strings().ofMaxLength(4),
                                Arbitraries.of("\"poll\": \"99999999999999999999h\"", "\"expression\": \"((((((a\"", "null", "true",
                                        "\"kind\": \"window\"", "\"type\": \"string\"", "\"access\": \"write\"", "-1e309", "\"\\u0000\"")))
                .as(Mutation::new);
        return Arbitraries.of(SEEDS).flatMap(seed -> mutation.list().ofMinSize(1).ofMaxSize(6).map(ms -> {
            String s = seed;
            for (Mutation m : ms) {
                s = apply(s, m);
            }
            return s;
        }));
    }

    private static String apply(String s, Mutation m) {
        int at = (int) (m.at() * s.length());
        int end = Math.min(s.length(), at + m.length());
        return switch (m.kind()) {
            case DELETE -> s.substring(0, at) + s.substring(end);
            case INSERT -> s.substring(0, at) + m.payload() + s.substring(at);
            case DUPLICATE -> s.substring(0, end) + s.substring(at, end) + s.substring(end);
            case REPLACE -> s.substring(0, at) + m.payload() + s.substring(end);
            case DEEPEN -> s.substring(0, at) + "[".repeat(m.length()) + "]".repeat(m.length()) + s.substring(at);
            case HUGE_STRING -> s.substring(0, at) + "\"" + "x".repeat(m.length() * 100) + "\"" + s.substring(at);
            case HUGE_NUMBER -> s.substring(0, at) + "9".repeat(m.length() * 100) + s.substring(at);
        };
    }

    private static final List<String> KEYS = List.of("id", "driver", "description", "thing", "connection", "channels", "derived",
            "name", "type", "unit", "access", "poll", "event", "staleAfter", "address", "range", "min", "max", "scale", "offset",
            "stages", "kind", "absolute", "percent", "interval", "period", "aggregates", "high", "low", "hysteresis", "twin",
            "feature", "path", "expression", "x");
    private static final List<Object> SCALARS = List.of("boiler", "sim", "double", "integer", "boolean", "string", "read",
            "read_write", "write", "1s", "250ms", "0ms", "25h", "deadband", "minInterval", "window", "alarm", "mean", "t*2",
            "a + b", "((a)", "org.example:x", "a/b", "", 0, -1, 1.5, 1e308, true, false);

    @Provide
    Arbitrary<String> descriptorLikeJson() {
        return json(4).map(Object::toString);
    }

    /** A random JSON value of the descriptor's keys and typical values, objects most likely near the top. */
    private Arbitrary<com.google.gson.JsonElement> json(int depth) {
        Arbitrary<com.google.gson.JsonElement> scalar = Arbitraries.of(SCALARS).map(DescriptorParserFuzzTest::element);
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<com.google.gson.JsonElement> child = Arbitraries.lazy(() -> json(depth - 1));
        Arbitrary<com.google.gson.JsonElement> object = Combinators.combine(Arbitraries.of(KEYS), child).as(Map::entry).list().ofMaxSize(5)
                .map(entries -> {
                    com.google.gson.JsonObject o = new com.google.gson.JsonObject();
                    entries.forEach(e -> o.add(e.getKey(), e.getValue()));
                    return o;
                });
        Arbitrary<com.google.gson.JsonElement> array = child.list().ofMaxSize(3).map(values -> {
            com.google.gson.JsonArray a = new com.google.gson.JsonArray();
            values.forEach(a::add);
            return a;
        });
        return Arbitraries.frequencyOf(Tuple.of(2, scalar), Tuple.of(depth >= 3 ? 10 : 3, object), Tuple.of(2, array));
    }

    private static com.google.gson.JsonElement element(Object v) {
        if (v instanceof String s) {
            return new com.google.gson.JsonPrimitive(s);
        }
        if (v instanceof Boolean b) {
            return new com.google.gson.JsonPrimitive(b);
        }
        return new com.google.gson.JsonPrimitive((Number) v);
    }
}
