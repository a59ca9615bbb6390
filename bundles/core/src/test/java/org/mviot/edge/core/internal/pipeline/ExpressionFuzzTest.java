package org.mviot.edge.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzzing of the expression language: random token sequences, arbitrary text and nesting of any
 * depth either compile (and then evaluate without an exception) or give the defined
 * {@link Expression.ParseException}: never another exception, never a {@link StackOverflowError}.
 * Tries: {@code junit-platform.properties}; more with {@code -Djqwik.tries.default=100000}.
 */
class ExpressionFuzzTest {

    private static final List<String> NAMES = List.of("a", "b", "t_in");
    private static final double[] VALUES = {1.5, -2, 0};

    private static void compilesOrReportsAParseError(String text) {
        Expression e;
        try {
            e = Expression.compile(text, NAMES::indexOf);
        } catch (Expression.ParseException p) {
            assertThat(p.getMessage()).isNotBlank().doesNotContainPattern("\\p{Cntrl}").hasSizeLessThan(600);
            return;
        }
        e.evaluate(VALUES); // any double, NaN included; it must not throw
        assertThat(NAMES).containsAll(e.variables());
    }

    @Property
    void randomTokenSequencesCompileOrGiveAParseError(@ForAll("tokens") List<String> tokens) {
        compilesOrReportsAParseError(String.join(" ", tokens));
    }

    @Property
    void randomTokensWithoutSpacesCompileOrGiveAParseError(@ForAll("tokens") List<String> tokens) {
        compilesOrReportsAParseError(String.join("", tokens));
    }

    @Property
    void arbitraryTextCompilesOrGivesAParseError(@ForAll String text) {
        compilesOrReportsAParseError(text);
    }

    @Property(tries = 100)
    void nestingOfAnyDepthIsAParseErrorBeyondTheLimitNeverAStackOverflow(@ForAll @IntRange(min = 0, max = 20_000) int depth,
                                                                         @ForAll("wrappers") String wrapper) {
        String close = wrapper.endsWith("(") ? ")" : "";
        String text = wrapper.repeat(depth) + "a" + close.repeat(depth);
        if (depth <= Expression.MAX_NESTING) {
            compilesOrReportsAParseError(text);
        } else {
            assertThatThrownBy(() -> Expression.compile(text, NAMES::indexOf)).isInstanceOf(Expression.ParseException.class)
                    .hasMessageContaining(text.length() > Expression.MAX_LENGTH ? "limit of " + Expression.MAX_LENGTH
                            : "nests deeper than " + Expression.MAX_NESTING);
        }
    }

    @Provide
    Arbitrary<String> wrappers() {
        return Arbitraries.of("(", "-", "abs(", "2^", "if(1, 2, ", "max(a, ", "- (");
    }

    @Provide
    Arbitrary<List<String>> tokens() {
        return token().list().ofMaxSize(60);
    }

    private static Arbitrary<String> token() {
        return Arbitraries.oneOf(
                Arbitraries.of("(", ")", ",", "+", "-", "*", "/", "%", "^", "<", "<=", ">", ">=", "==", "!=", "=", "!"),
                Arbitraries.of("a", "b", "t_in", "unknown", "abs", "sqrt", "exp", "log", "sin", "cos", "round", "floor", "ceil",
                        "min", "max", "pow", "if", "tan", "_", "a.b"),
                Arbitraries.of("0", "1", "1.5", ".5", "1e3", "1e-3", "1e309", "1..2", "1e", "007", "9999999999999999999999"),
                Arbitraries.strings().ofMaxLength(2));
    }
}
