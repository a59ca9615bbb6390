package org.mviot.edge.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ExpressionTest {

    private static final List<String> NAMES = List.of("voltage", "current", "t_in");

    private static Expression compile(String s) throws Expression.ParseException {
        return Expression.compile(s, NAMES::indexOf);
    }

    @Test
    void evaluatesArithmeticOverChannelValues() throws Exception {
        double[] v = {230, 2, 20};
        assertThat(compile("voltage * current").evaluate(v)).isEqualTo(460);
        assertThat(compile("(voltage - 30) / 4 + -t_in").evaluate(v)).isEqualTo(30);
        assertThat(compile("2 ^ 3 % 5").evaluate(v)).isEqualTo(3);
    }

    @Test
    void evaluatesFunctionsAndConditions() throws Exception {
        double[] v = {230, 2, -20};
        assertThat(compile("if(t_in < 0, abs(t_in), 0)").evaluate(v)).isEqualTo(20);
        assertThat(compile("max(voltage, 1e3) + min(1, 2)").evaluate(v)).isEqualTo(1001);
    }

    @Test
    void listsTheChannelsItReads() throws Exception {
        assertThat(compile("current * current + t_in").variables()).containsExactly("current", "t_in");
    }

    @Test
    void namesAnUnknownChannel() {
        assertThatThrownBy(() -> compile("voltage * curent")).hasMessage("unknown channel 'curent' at 10");
    }

    @Test
    void namesAnUnknownFunction() {
        assertThatThrownBy(() -> compile("tan(voltage)")).hasMessageContaining("unknown function 'tan'");
    }

    @Test
    void reportsTrailingGarbage() {
        assertThatThrownBy(() -> compile("voltage )")).hasMessageContaining("unexpected ')'");
    }

    @Test
    void anExpressionNestedToTheLimitCompilesAndOneLevelMoreIsRefusedNamingTheLimit() throws Exception {
        String ok = "(".repeat(Expression.MAX_NESTING) + "voltage" + ")".repeat(Expression.MAX_NESTING);
        assertThat(compile(ok).evaluate(new double[] {7, 0, 0})).isEqualTo(7);
        String deeper = "(" + ok + ")";
        assertThatThrownBy(() -> compile(deeper)).isInstanceOf(Expression.ParseException.class)
                .hasMessageContaining("nests deeper than 32 levels");
    }

    @Test
    void fourHundredParenthesesOnASmallStackAreAParseErrorNotAStackOverflow() throws Throwable {
        // the descriptor that stopped the descriptor scan for good (-Xss256k)
        String deep = "(".repeat(400) + "voltage" + ")".repeat(400);
        Throwable thrown = onSmallStack(() -> compile(deep));
        assertThat(thrown).isInstanceOf(Expression.ParseException.class).hasMessageContaining("32");
    }

    @Test
    void unaryMinusPowersAndCallsCountAsNesting() {
        assertThatThrownBy(() -> compile("-".repeat(40) + "voltage")).hasMessageContaining("nests deeper than 32");
        assertThatThrownBy(() -> compile("2^".repeat(40) + "2")).hasMessageContaining("nests deeper than 32");
        assertThatThrownBy(() -> compile("abs(".repeat(40) + "1" + ")".repeat(40))).hasMessageContaining("nests deeper than 32");
    }

    @Test
    void aLongChainOfOperationsIsBoundedSoEvaluationCannotOverflowTheStack() throws Throwable {
        String longest = "voltage" + " + current".repeat(Expression.MAX_DEPTH - 1);
        Expression e = compile(longest);
        Throwable thrown = onSmallStack(() -> assertThat(e.evaluate(new double[] {1, 1, 0})).isEqualTo(Expression.MAX_DEPTH));
        assertThat(thrown).isNull();
        assertThatThrownBy(() -> compile(longest + " + current")).hasMessageContaining("more than 256 operations");
    }

    @Test
    void anExpressionOverTheLengthLimitIsRefusedUnparsed() {
        String tooLong = "voltage" + " ".repeat(Expression.MAX_LENGTH);
        assertThatThrownBy(() -> compile(tooLong)).hasMessage("the expression has 4103 characters, over the limit of 4096");
    }

    @Test
    void controlCharactersInAnExpressionAreEscapedInTheError() {
        assertThatThrownBy(() -> compile("voltage \u001b[2J")).hasMessage("unexpected '\\u001b' at 8");
        assertThatThrownBy(() -> compile("voltage\u0007")).hasMessage("unexpected '\\u0007' at 7");
    }

    /** Runs the code on a thread with the stack of the smallest profiles, as the core's scheduler would. */
    static Throwable onSmallStack(ThrowingRunnable r) throws InterruptedException {
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
        return thrown[0];
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
