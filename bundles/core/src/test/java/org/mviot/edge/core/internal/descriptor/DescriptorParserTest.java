package org.mviot.edge.core.internal.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.twin.ThingId;

class DescriptorParserTest {

    private final DescriptorParser parser = new DescriptorParser("org.example", kind -> null);

    static String device(String channels) {
        return "{\"id\": \"boiler\", \"driver\": \"sim\", \"channels\": [" + channels + "]}";
    }

    static final String TEMP = "{\"name\": \"temp\", \"type\": \"double\", \"unit\": \"Cel\", \"poll\": \"1s\"}";

    @Test
    void readsAValidDescriptorWithDefaultsForTheTwin() throws Exception {
        DeviceConfig c = parser.parse("boiler.json", device(TEMP));
        assertThat(c.id()).isEqualTo("boiler");
        assertThat(c.thing()).isEqualTo(new ThingId("org.example", "boiler"));
        ChannelConfig ch = c.channels().get(0);
        assertThat(ch.spec().type()).isEqualTo(ChannelType.DOUBLE);
        assertThat(ch.spec().access()).isEqualTo(Access.READ);
        assertThat(ch.spec().acquisition()).isEqualTo(new Acquisition.Poll(Duration.ofSeconds(1)));
        assertThat(ch.feature()).isEqualTo("temp");
        assertThat(ch.path()).isEqualTo("value");
    }

    @Test
    void readsStagesTransformRangeAndTwinPath() throws Exception {
        DeviceConfig c = parser.parse("b.json", device("{\"name\": \"sp\", \"type\": \"integer\", \"access\": \"read_write\", \"poll\": 500,"
                + "\"scale\": 0.1, \"offset\": 2, \"range\": {\"min\": 0, \"max\": 90},"
                + "\"stages\": [{\"kind\": \"deadband\", \"absolute\": 1}, {\"kind\": \"minInterval\", \"interval\": \"2s\"},"
                + "{\"kind\": \"window\", \"period\": \"1m\", \"aggregates\": [\"mean\"]}, {\"kind\": \"alarm\", \"high\": 80, \"hysteresis\": 1}],"
                + "\"twin\": {\"feature\": \"heating\", \"path\": \"setpoint/target\"}}"));
        ChannelConfig ch = c.channels().get(0);
        assertThat(ch.scale()).isEqualTo(0.1);
        assertThat(ch.offset()).isEqualTo(2);
        assertThat(ch.spec().range().max()).isEqualTo(90);
        assertThat(ch.stages()).hasSize(4);
        assertThat(ch.stages().get(1)).isEqualTo(new StageSpec.MinIntervalSpec(2000));
        assertThat(ch.feature()).isEqualTo("heating");
        assertThat(ch.path()).isEqualTo("setpoint/target");
    }

    @Test
    void namesFilePathDeviceAndChannelOfAnUnknownChannelType() {
        DescriptorException e = catchThrowableOfType(DescriptorException.class,
                () -> parser.parse("conf/devices/boiler.json", device(TEMP + ", {\"name\": \"flow\", \"type\": \"flaot\", \"poll\": \"1s\"}")));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.origin()).isEqualTo("conf/devices/boiler.json");
            assertThat(p.jsonPath()).isEqualTo("$.channels[1].type");
            assertThat(p.message()).contains("device 'boiler'", "channel 'flow'", "unknown channel type 'flaot'");
        });
    }

    @Test
    void namesDeviceAndChannelOfAnExpressionWithAnUnknownChannel() {
        String json = "{\"id\": \"meter\", \"driver\": \"sim\", \"channels\": [" + TEMP + "],"
                + "\"derived\": [{\"name\": \"double_temp\", \"expression\": \"2 * tmp\"}]}";
        DescriptorException e = catchThrowableOfType(DescriptorException.class, () -> parser.parse("m.json", json));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.jsonPath()).isEqualTo("$.derived[0].expression");
            assertThat(p.message()).contains("device 'meter'", "channel 'double_temp'", "unknown channel 'tmp'");
        });
    }

    @Test
    void collectsEveryProblemNotJustTheFirst() {
        DescriptorException e = catchThrowableOfType(DescriptorException.class, () -> parser.parse("x.json",
                "{\"driver\": \"sim\", \"channels\": [{\"name\": \"a\", \"type\": \"double\"}, {\"name\": \"b\", \"type\": \"string\", \"scale\": 2, \"poll\": \"1s\"}]}"));
        assertThat(e.problems()).extracting(DescriptorProblem::jsonPath).containsExactly("$.id", "$.channels[0]", "$.channels[1].scale");
    }

    @Test
    void reportsAnUnknownFieldSoTyposAreNotSilentlyIgnored() {
        assertThatThrownBy(() -> parser.parse("x.json", device("{\"name\": \"a\", \"type\": \"double\", \"pol\": \"1s\", \"poll\": \"1s\"}")))
                .hasMessageContaining("$.channels[0].pol").hasMessageContaining("unknown field 'pol'");
    }

    @Test
    void reportsInvalidJsonWithTheFile() {
        assertThatThrownBy(() -> parser.parse("broken.json", "{\"id\": ")).hasMessageStartingWith("broken.json: $: not valid JSON");
    }

    @Test
    void reportsAnUnknownStageKindAndABadDuration() {
        DescriptorException e = catchThrowableOfType(DescriptorException.class, () -> parser.parse("x.json",
                device("{\"name\": \"a\", \"type\": \"double\", \"poll\": \"fast\", \"stages\": [{\"kind\": \"smooth\"}]}")));
        assertThat(e.problems()).extracting(DescriptorProblem::jsonPath).containsExactly("$.channels[0].poll", "$.channels[0].stages[0].kind");
    }

    @Test
    void reportsAChannelNameUsedTwice() {
        assertThatThrownBy(() -> parser.parse("x.json", device(TEMP + "," + TEMP))).hasMessageContaining("channel 'temp': name used twice");
    }

    @Test
    void parsesDurations() {
        assertThat(DescriptorParser.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DescriptorParser.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DescriptorParser.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DescriptorParser.parseDuration("100")).isEqualTo(Duration.ofMillis(100));
        assertThat(DescriptorParser.parseDuration("soon")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"99999999999999999999h\"",
            "\"25h\"",
            "86400001",
            "\"0.4ms\"",
            "\"-5s\"",
            "1e30"})
    void aPollPeriodOutsideOneMillisecondToADayIsRefusedNamingTheKeyPath(String poll) {
        DescriptorException e = catchThrowableOfType(DescriptorException.class,
                () -> parser.parse("conf/devices/boiler.json", device("{\"name\": \"a\", \"type\": \"double\", \"poll\": " + poll + "}")));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.origin()).isEqualTo("conf/devices/boiler.json");
            assertThat(p.jsonPath()).isEqualTo("$.channels[0].poll");
            assertThat(p.message()).contains("device 'boiler' channel 'a'", "'poll'");
        });
    }

    @Test
    void aDurationBeyondADayNamesTheLimits() {
        assertThatThrownBy(() -> parser.parse("b.json", device("{\"name\": \"a\", \"type\": \"double\", \"poll\": \"99999999999999999999h\"}")))
                .hasMessageContaining("$.channels[0].poll")
                .hasMessageContaining("outside the limits for a duration: from 1ms to 86400000ms (24h)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1ms", "1", "24h", "86400000", "1.5s"})
    void durationsFromOneMillisecondToADayAreAccepted(String poll) throws Exception {
        DeviceConfig c = parser.parse("b.json", device("{\"name\": \"a\", \"type\": \"double\", \"poll\": \"" + poll + "\"}"));
        assertThat(((Acquisition.Poll) c.channels().get(0).spec().acquisition()).period()).isEqualTo(DescriptorParser.parseDuration(poll));
    }

    @Test
    void everyDurationOfADescriptorIsBounded() {
        DescriptorException e = catchThrowableOfType(DescriptorException.class, () -> parser.parse("b.json", device(
                "{\"name\": \"a\", \"type\": \"double\", \"event\": true, \"staleAfter\": \"2000h\","
                        + "\"stages\": [{\"kind\": \"minInterval\", \"interval\": \"9999999999999h\"},"
                        + "{\"kind\": \"window\", \"period\": \"48h\"}]}")));
        assertThat(e.problems()).extracting(DescriptorProblem::jsonPath)
                .containsExactly("$.channels[0].staleAfter", "$.channels[0].stages[0].interval", "$.channels[0].stages[1].period");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.message()).contains("24h"));
    }

    @Test
    void durationTextCannotOverflow() {
        assertThat(DescriptorParser.parseDuration("99999999999999999999h")).isNull();
        assertThat(DurationText.millis("99999999999999999999h")).isEqualByComparingTo("359999999999999999996400000");
    }

    @Test
    void jsonNestedDeeperThanTheLimitIsRefusedNamingFilePathAndLimit() {
        String deep = "[".repeat(40) + "]".repeat(40);
        DescriptorException e = catchThrowableOfType(DescriptorException.class,
                () -> parser.parse("conf/devices/deep.json", "{\"id\": \"d\", \"driver\": \"sim\", \"description\": " + deep + "}"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.origin()).isEqualTo("conf/devices/deep.json");
            assertThat(p.jsonPath()).startsWith("$.description");
            assertThat(p.message()).contains("deeper than 32 levels");
        });
    }

    @Test
    void aStringOverTheLimitIsRefusedAndShownCutOff() {
        String huge = "x".repeat(DescriptorLimits.MAX_STRING_CHARS + 1);
        DescriptorException e = catchThrowableOfType(DescriptorException.class,
                () -> parser.parse("b.json", "{\"id\": \"d\", \"driver\": \"sim\", \"description\": \"" + huge + "\", \"channels\": []}"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.jsonPath()).isEqualTo("$.description");
            assertThat(p.message()).contains("4097 characters", "limit of 4096").hasSizeLessThan(400);
        });
    }

    @Test
    void aDocumentOverTheSizeLimitIsRefusedUnparsed() {
        String big = "{\"id\": \"d\", \"description\": [" + "0,".repeat(600_000) + "0]}";
        assertThatThrownBy(() -> parser.parse("bundle:big", big)).hasMessageContaining("bundle:big: $: the document has")
                .hasMessageContaining("over the limit of 1048576");
    }

    @Test
    void aFileOfThousandsOfMistakesListsFiftyAndCountsTheRest() {
        StringBuilder fields = new StringBuilder("{\"id\": \"d\", \"driver\": \"sim\", \"channels\": [" + TEMP + "]");
        for (int i = 0; i < 2000; i++) {
            fields.append(", \"typo").append(i).append("\": 1");
        }
        DescriptorException e = catchThrowableOfType(DescriptorException.class, () -> parser.parse("t.json", fields + "}"));
        assertThat(e.problems()).hasSize(51);
        assertThat(e.problems().get(50).message()).isEqualTo("1950 more problems are not listed (at most 50 are)");
    }

    @Test
    void fieldNamesAndValuesFromTheFileCannotBreakTheMessageIntoLines() {
        DescriptorException e = catchThrowableOfType(DescriptorException.class, () -> parser.parse("x.json",
                device("{\"name\": \"a\\nFORGED\", \"type\": \"flo\\r\\nat\", \"poll\": \"1s\", \"po\\nll\": 1}")));
        assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.toString()).doesNotContain("\n", "\r"));
        assertThat(e.getMessage()).contains("channel 'a\\nFORGED'", "unknown channel type 'flo\\r\\nat'", "unknown field 'po\\nll'");
    }
}
