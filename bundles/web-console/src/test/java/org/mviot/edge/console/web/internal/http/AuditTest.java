package org.mviot.edge.console.web.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditTest {

    @Test
    void userInputIsQuotedOnOneLineCutAndEscaped() {
        String q = Audit.quote("evil\nINFO forged line\u001b[31m" + "x".repeat(500));
        assertThat(q).doesNotContain("\n").doesNotContain("\u001b").contains("\\u000a").endsWith("...'");
        assertThat(q.length()).isLessThanOrEqualTo(Audit.MAX_QUOTED + 8);
        assertThat(Audit.quote("it's")).isEqualTo("'it\\u0027s'");
        assertThat(Audit.quote(null)).isEqualTo("'null'");
    }
}
