package org.mviot.edge.api.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class DurationSyntaxTest {

    @Test
    void everyUnitOfTheCoresGrammarIsRead() {
        assertThat(DurationSyntax.parse("250ms")).contains(Duration.ofMillis(250));
        assertThat(DurationSyntax.parse("1.5s")).contains(Duration.ofMillis(1500));
        assertThat(DurationSyntax.parse("2 s")).contains(Duration.ofSeconds(2));
        assertThat(DurationSyntax.parse("2m")).contains(Duration.ofMinutes(2));
        assertThat(DurationSyntax.parse("1h")).contains(Duration.ofHours(1));
        assertThat(DurationSyntax.parse(" 100 ")).contains(Duration.ofMillis(100));
    }

    @Test
    void textThatIsNotADurationIsRefusedWithoutAnException() {
        assertThat(DurationSyntax.parse("soon")).isEmpty();
        assertThat(DurationSyntax.parse("-1s")).isEmpty();
        assertThat(DurationSyntax.parse("1d")).isEmpty();
        assertThat(DurationSyntax.parse("")).isEmpty();
        assertThat(DurationSyntax.parse(null)).isEmpty();
        assertThat(DurationSyntax.parse("1".repeat(40))).isEmpty();
    }

    @Property
    void whatFormatWritesParseReadsBack(@ForAll @LongRange(min = 0, max = 10_000_000_000L) long millis) {
        Duration d = Duration.ofMillis(millis);
        assertThat(DurationSyntax.parse(DurationSyntax.format(d))).contains(d);
    }

    @Property
    void anyTextIsEitherADurationOrEmptyNeverAnException(@ForAll @StringLength(max = 40) String text) {
        assertThat(DurationSyntax.parse(text)).satisfiesAnyOf(
                o -> assertThat(o).isEmpty(),
                o -> assertThat(o.get().isNegative()).isFalse());
    }
}
