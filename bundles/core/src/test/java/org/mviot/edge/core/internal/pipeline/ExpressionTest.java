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
}
