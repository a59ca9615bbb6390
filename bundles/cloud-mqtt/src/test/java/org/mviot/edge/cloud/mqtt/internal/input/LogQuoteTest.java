package org.mviot.edge.cloud.mqtt.internal.input;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogQuoteTest {

    @Test
    void carriageReturnAndLineFeedBecomeEscapesSoAQuotedTextIsOneLine() {
        String forged = "x\r\n2026-12-07 11:00:00 INFO mviot-edge ready in 1 ms (FORGED)";

        String q = LogQuote.of(forged);

        assertThat(q).doesNotContain("\n").doesNotContain("\r").startsWith("\"x\\r\\n2026");
    }

    @Test
    void aLongTextIsCutAndSaysHowLongItWas() {
        String q = LogQuote.of("A".repeat(4_000_000));

        assertThat(q).hasSizeLessThan(200).endsWith("…(4000000 chars)");
    }

    @Test
    void quotesBackslashesOtherControlsAndBidiOverridesAreEscaped() {
        assertThat(LogQuote.of("a\"b\\c\u0007d\u202Ee\u2028f")).isEqualTo("\"a\\\"b\\\\c\\u0007d\\u202ee\\u2028f\"");
    }

    @Test
    void aLoneSurrogateIsEscapedAndAPairIsKept() {
        assertThat(LogQuote.of("\uD800x\uD83D\uDE00")).isEqualTo("\"\\ud800x\uD83D\uDE00\"");
    }

    @Test
    void aLineKeepsItsQuotesButEscapesItsControlCharacters() {
        assertThat(LogQuote.line("topic \"a\" bad\nFORGED", 100)).isEqualTo("topic \"a\" bad\\nFORGED");
    }

    @Test
    void nullIsWrittenAsNull() {
        assertThat(LogQuote.of(null)).isEqualTo("null");
    }
}
