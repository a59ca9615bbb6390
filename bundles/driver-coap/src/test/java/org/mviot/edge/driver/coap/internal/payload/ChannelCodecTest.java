package org.mviot.edge.driver.coap.internal.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.ChannelType;

class ChannelCodecTest {

    private static final long NOW = 1_800_000_000_000L;

    private static Payload payload(String text) {
        return new Payload(text.getBytes(StandardCharsets.UTF_8), NOW);
    }

    private static ChannelCodec text(ChannelType t) {
        return new ChannelCodec(PayloadFormat.TEXT, t, JsonPointer.parse(""), "");
    }

    private static ChannelCodec json(ChannelType t, String pointer) {
        return new ChannelCodec(PayloadFormat.JSON, t, JsonPointer.parse(pointer), "");
    }

    private static ChannelCodec senml(ChannelType t, String name) {
        return new ChannelCodec(PayloadFormat.SENML, t, JsonPointer.parse(""), name);
    }

    @Test
    void plainTextGivesNumbersBooleansAndText() throws Exception {
        assertThat(text(ChannelType.DOUBLE).decode(payload(" 21.5\n")).value()).isEqualTo(21.5);
        assertThat(text(ChannelType.INTEGER).decode(payload("1796646613")).value()).isEqualTo(1796646613L);
        assertThat(text(ChannelType.BOOLEAN).decode(payload("on")).value()).isEqualTo(true);
        assertThat(text(ChannelType.STRING).decode(payload("Dec 07 12:30:06")).value()).isEqualTo("Dec 07 12:30:06");
    }

    @Test
    void textThatDoubleParsingWouldTakeIsNotANumber() {
        for (String s : new String[] {"NaN", "Infinity", "0x1p3", "1d", "2f", "", "1e999999"}) {
            assertThatThrownBy(() -> text(ChannelType.DOUBLE).decode(payload(s))).as(s).isInstanceOf(MalformedPayloadException.class);
        }
        assertThatThrownBy(() -> text(ChannelType.INTEGER).decode(payload("1.5"))).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("integer");
    }

    @Test
    void aJsonPointerFindsTheValueAndItsEscapesWork() throws Exception {
        Payload p = payload("{\"sensors\":[{\"t\":19.25},{\"a/b\":true,\"m~n\":7}]}");
        assertThat(json(ChannelType.DOUBLE, "/sensors/0/t").decode(p).value()).isEqualTo(19.25);
        assertThat(json(ChannelType.BOOLEAN, "/sensors/1/a~1b").decode(p).value()).isEqualTo(true);
        assertThat(json(ChannelType.INTEGER, "/sensors/1/m~0n").decode(p).value()).isEqualTo(7L);
        assertThatThrownBy(() -> json(ChannelType.DOUBLE, "/sensors/2/t").decode(p)).hasMessage("JSON has nothing at pointer \"/sensors/2/t\"");
        assertThatThrownBy(() -> json(ChannelType.DOUBLE, "/sensors").decode(p)).hasMessageContaining("is an array, not a value");
    }

    @Test
    void lenientJsonIsRefused() {
        for (String s : new String[] {"{a:1}", "{\"a\":1} trailing", "// c\n{\"a\":1}", "{\"a\":NaN}", "'x'"}) {
            assertThatThrownBy(() -> json(ChannelType.DOUBLE, "/a").decode(payload(s))).as(s).isInstanceOf(MalformedPayloadException.class)
                    .hasMessageStartingWith("payload is not JSON");
        }
    }

    @Test
    void oneSenmlPackFillsSeveralChannelsWithBaseNameValueAndTimeResolved() throws Exception {
        // RFC 8428 §5.1.2 style: base name, base time, relative and absolute times, base value
        Payload p = payload("[{\"bn\":\"urn:dev:ow:10e2073a01080063:\",\"bt\":1.320067464e+09,\"bu\":\"%RH\",\"bv\":10,\"n\":\"humidity\",\"v\":10.2},"
                + "{\"n\":\"temp\",\"u\":\"Cel\",\"v\":13.0,\"t\":1},{\"n\":\"door\",\"vb\":true},{\"n\":\"label\",\"vs\":\"kitchen\"}]");
        ChannelCodec.Value h = senml(ChannelType.DOUBLE, "urn:dev:ow:10e2073a01080063:humidity").decode(p);
        assertThat(h.value()).isEqualTo(20.2);
        assertThat(h.deviceMillis()).isEqualTo(1_320_067_464_000L);
        ChannelCodec.Value t = senml(ChannelType.DOUBLE, "urn:dev:ow:10e2073a01080063:temp").decode(p);
        assertThat(t.value()).isEqualTo(23.0);
        assertThat(t.deviceMillis()).isEqualTo(1_320_067_465_000L);
        assertThat(senml(ChannelType.BOOLEAN, "urn:dev:ow:10e2073a01080063:door").decode(p).value()).isEqualTo(true);
        assertThat(senml(ChannelType.STRING, "urn:dev:ow:10e2073a01080063:label").decode(p).value()).isEqualTo("kitchen");
    }

    @Test
    void aSenmlTimeBelowTwoToThe28IsRelativeToNow() throws Exception {
        assertThat(senml(ChannelType.DOUBLE, "t").decode(payload("[{\"n\":\"t\",\"v\":1,\"t\":-5}]")).deviceMillis()).isEqualTo(NOW - 5000);
        assertThat(senml(ChannelType.DOUBLE, "t").decode(payload("[{\"n\":\"t\",\"v\":1}]")).deviceMillis()).isEqualTo(NOW);
    }

    @Test
    void aSenmlRecordWithTwoValuesOrNoNameIsMalformed() {
        assertThatThrownBy(() -> senml(ChannelType.DOUBLE, "t").decode(payload("[{\"n\":\"t\",\"v\":1,\"vs\":\"x\"}]")))
                .hasMessage("SenML record 0 has more than one of v, vs, vb, vd");
        assertThatThrownBy(() -> senml(ChannelType.DOUBLE, "t").decode(payload("[{\"v\":1}]")))
                .hasMessage("SenML record 0 has a value but no name (n or bn)");
        assertThatThrownBy(() -> senml(ChannelType.DOUBLE, "t").decode(payload("{\"n\":\"t\"}")))
                .hasMessage("a SenML pack is a JSON array of records");
    }

    @Test
    void writtenValuesDecodeBackInEachFormat() throws Exception {
        ChannelCodec[] codecs = {text(ChannelType.DOUBLE), json(ChannelType.DOUBLE, "/set/point"), senml(ChannelType.DOUBLE, "sp")};
        for (ChannelCodec c : codecs) {
            assertThat(c.decode(new Payload(c.encode(21.75), NOW)).value()).as(c.format().name()).isEqualTo(21.75);
        }
        assertThat(new String(json(ChannelType.DOUBLE, "/set/point").encode(21.75), StandardCharsets.UTF_8)).isEqualTo("{\"set\":{\"point\":21.75}}");
        assertThat(new String(senml(ChannelType.BOOLEAN, "relay").encode(true), StandardCharsets.UTF_8)).isEqualTo("[{\"n\":\"relay\",\"vb\":true}]");
    }

    @Test
    void aSenmlCborPackWithBaseNameHalfFloatAndBooleanFillsItsChannels() throws Exception {
        byte[] pack = java.util.HexFormat.of().parseHex("82" + "a3" + "21" + "6a" + "75726e3a6465763a313a" + "00" + "6474656d70" + "02" + "f94d60"
                + "a2" + "00" + "64646f6f72" + "04" + "f5");
        Payload p = new Payload(pack, NOW);
        ChannelCodec temp = new ChannelCodec(PayloadFormat.SENML_CBOR, ChannelType.DOUBLE, JsonPointer.parse(""), "urn:dev:1:temp");
        ChannelCodec door = new ChannelCodec(PayloadFormat.SENML_CBOR, ChannelType.BOOLEAN, JsonPointer.parse(""), "urn:dev:1:door");
        assertThat(temp.decode(p).value()).isEqualTo(21.5);
        assertThat(door.decode(p).value()).isEqualTo(true);
        assertThat(temp.decode(new Payload(temp.encode(-3.25), NOW)).value()).isEqualTo(-3.25);
    }

    @Test
    void cborThatLiesAboutItsLengthOrNestsTooDeepIsMalformed() {
        ChannelCodec c = new ChannelCodec(PayloadFormat.SENML_CBOR, ChannelType.DOUBLE, JsonPointer.parse(""), "t");
        assertThatThrownBy(() -> c.decode(new Payload(java.util.HexFormat.of().parseHex("9bffffffffffffffff"), NOW)))
                .hasMessageContaining("exceeds the 0 bytes left");
        assertThatThrownBy(() -> c.decode(new Payload(java.util.HexFormat.of().parseHex("818181818181818181818100"), NOW)))
                .hasMessage("CBOR nested deeper than 8");
        assertThatThrownBy(() -> c.decode(new Payload(java.util.HexFormat.of().parseHex("9f00ff"), NOW))).hasMessageContaining("indefinite length");
    }

    /** Found by PayloadFuzzTest: a map key that is not a label (null, an array) threw UnsupportedOperationException. */
    @Test
    void aCborMapKeyThatIsNullOrAnArrayIsMalformedNotACrash() {
        ChannelCodec c = new ChannelCodec(PayloadFormat.SENML_CBOR, ChannelType.DOUBLE, JsonPointer.parse(""), "t");
        for (String hex : new String[] {"81a1f600", "81a18000", "81a1f500"}) {
            assertThatThrownBy(() -> c.decode(new Payload(java.util.HexFormat.of().parseHex(hex), NOW))).as(hex)
                    .isInstanceOf(MalformedPayloadException.class).hasMessage("CBOR map key is not a SenML label or text");
        }
    }

    @Test
    void bytesThatAreNotUtf8AreMalformed() {
        assertThatThrownBy(() -> text(ChannelType.STRING).decode(new Payload(new byte[] {(byte) 0xC3, 0x28}, NOW)))
                .hasMessage("payload of 2 bytes is not UTF-8 text");
    }
}
