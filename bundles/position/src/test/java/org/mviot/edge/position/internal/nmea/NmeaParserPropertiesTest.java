package org.mviot.edge.position.internal.nmea;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The parser and the line reader take anything a serial line can carry without throwing, and never
 * call a changed sentence valid when its checksum no longer matches. Seed corpus:
 * {@code src/test/resources/nmea/receiver.nmea}. More tries: {@code -Djqwik.tries.default=100000}.
 */
class NmeaParserPropertiesTest {

    private static final List<String> CORPUS = corpus();

    private static List<String> corpus() {
        try (InputStream in = NmeaParserPropertiesTest.class.getResourceAsStream("/nmea/receiver.nmea")) {
            List<String> lines = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!l.isBlank()) {
                    lines.add(l.strip());
                }
            }
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Property
    void randomBytesNeverThrow(@ForAll @Size(max = 200) byte[] line) {
        NmeaParser p = new NmeaParser();
        NmeaParser.Result r = p.parse(line, 0, line.length);
        assertThat(r).isNotNull();
    }

    @Property
    void aByteStreamOfAnythingNeverThrowsAndKeepsCounting(@ForAll @Size(max = 2000) byte[] stream, @ForAll @IntRange(min = 1, max = 64) int chunk) {
        long[] sentences = {0};
        NmeaLineReader reader = new NmeaLineReader(s -> sentences[0]++);
        for (int i = 0; i < stream.length; i += chunk) {
            reader.feed(stream, i, Math.min(chunk, stream.length - i));
        }
        assertThat(reader.count(NmeaParser.Result.OK)).isEqualTo(sentences[0]);
    }

    @Property
    void aSentenceWithOneCharacterChangedIsNeverReadAsTheOriginal(@ForAll("mutations") Mutation m) {
        NmeaParser p = new NmeaParser();
        byte[] original = Nmea.bytes(CORPUS.get(m.sentence()));
        byte[] changed = original.clone();
        int at = m.index() % changed.length;
        changed[at] = m.value();
        NmeaParser.Result r = p.parse(changed, 0, changed.length);
        boolean sameHexDigit = at >= changed.length - 2 && Character.toUpperCase(changed[at]) == Character.toUpperCase(original[at]);
        if (changed[at] != original[at] && !sameHexDigit) {
            // one changed character changes the XOR checksum, or breaks the frame
            assertThat(r).isNotEqualTo(NmeaParser.Result.OK);
        } else {
            assertThat(r).isEqualTo(NmeaParser.Result.OK);
        }
    }

    @Property
    void aValidSentenceWithFieldsReplacedNeverThrows(@ForAll("fieldMutations") String body) {
        NmeaParser p = new NmeaParser();
        byte[] line = Nmea.bytes(Nmea.sentence(body));
        NmeaParser.Result r = p.parse(line, 0, line.length);
        if (r == NmeaParser.Result.OK && p.sentence().valid && !Double.isNaN(p.sentence().latitude)) {
            assertThat(p.sentence().latitude).isBetween(-90.0, 90.0);
            assertThat(p.sentence().longitude).isBetween(-180.0, 180.0);
        }
    }

    record Mutation(int sentence, int index, byte value) {
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, CORPUS.size() - 1), Arbitraries.integers().between(0, 200),
                Arbitraries.bytes()).as(Mutation::new);
    }

    @Provide
    Arbitrary<String> fieldMutations() {
        Arbitrary<String> field = Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789.-NSEWAV").ofMaxLength(14),
                Arbitraries.strings().ascii().ofMaxLength(8).map(s -> s.replace("*", "").replace("$", "").replace(",", "")));
        return Combinators.combine(Arbitraries.integers().between(0, CORPUS.size() - 1), Arbitraries.integers().between(1, 14), field)
                .as((i, f, v) -> {
                    String s = CORPUS.get(i);
                    String[] parts = s.substring(1, s.indexOf('*')).split(",", -1);
                    parts[f % parts.length == 0 ? 1 : f % parts.length] = v;
                    return String.join(",", parts);
                });
    }
}
