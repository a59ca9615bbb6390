package org.mviot.edge.core.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void aShortCleanValueIsOnlyQuoted() {
        assertThat(LogSafe.quote("flaot")).isEqualTo("'flaot'");
        assertThat(LogSafe.string("hot")).isEqualTo("\"hot\"");
        assertThat(LogSafe.value(55.5)).isEqualTo("55.5");
    }

    @Test
    void lineBreaksAndControlCharactersCannotForgeALogLine() {
        String forged = "gw\r\n2026-01-01 INFO mviot-edge ready in 1 ms (FORGED)\u0000\u001b[31m\u2028";
        String shown = LogSafe.quote(forged);
        assertThat(shown).doesNotContain("\n", "\r", "\u0000", "\u001b", "\u2028")
                .contains("gw\\r\\n2026", "\\u0000", "\\u001b", "\\u2028");
    }

    @Test
    void theQuoteAndBackslashAreEscapedSoTheValueCannotCloseItsQuotes() {
        assertThat(LogSafe.quote("a'b\\c")).isEqualTo("'a\\'b\\\\c'");
        assertThat(LogSafe.string("a\"b")).isEqualTo("\"a\\\"b\"");
    }

    @Test
    void aFourMegabyteValueShowsItsFirstCharactersAndItsLength() {
        String huge = "A".repeat(4 << 20);
        String shown = LogSafe.value(huge);
        assertThat(shown).hasSizeLessThan(LogSafe.MAX_CHARS + 40).startsWith("\"AAAA").endsWith("…\" (4194304 chars)");
    }

    @Test
    void aCutNeverSplitsASurrogatePairAndALoneSurrogateIsEscaped() {
        String emoji = "\uD83D\uDE00";
        String text = "x".repeat(LogSafe.MAX_CHARS - 1) + emoji;
        assertThat(LogSafe.text(text)).endsWith("x…").doesNotContain("\uD83D");
        assertThat(LogSafe.text("a\uDC00b")).isEqualTo("a\\udc00b");
        assertThat(LogSafe.text(emoji)).isEqualTo(emoji);
    }

    @Test
    void nullIsShownAsNull() {
        assertThat(LogSafe.quote(null)).isEqualTo("null");
        assertThat(LogSafe.value(null)).isEqualTo("null");
    }

    @Test
    void aComposedLineStaysOneLineWithoutEscapingItsQuotedPartsTwice() {
        String problem = "x.json: $.channels[0].name: channel " + LogSafe.quote("n\nFORGED") + "\r\nFORGED LINE";
        assertThat(LogSafe.line(problem, 1000)).isEqualTo("x.json: $.channels[0].name: channel 'n\\nFORGED'\\r\\nFORGED LINE");
    }
}
