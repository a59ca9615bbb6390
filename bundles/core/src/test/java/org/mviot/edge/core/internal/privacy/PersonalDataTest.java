package org.mviot.edge.core.internal.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.FeatureDefinition;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.core.internal.descriptor.DescriptorException;
import org.mviot.edge.core.internal.descriptor.DescriptorParser;
import org.mviot.edge.core.internal.descriptor.DeviceConfig;
import org.mviot.edge.core.internal.descriptor.PiiMode;
import org.mviot.edge.core.internal.mapping.TwinMapper;
import org.mviot.edge.core.internal.pipeline.DevicePipeline;
import org.mviot.edge.core.internal.pipeline.PipelineSink;

/** Channels marked {@code "pii"}: dropped, hashed with a stable keyed token, or encrypted for the cloud; never in clear. */
class PersonalDataTest {

    private static final String MARKER = "Jane Q. Marker";
    private static final ThingId THING = new ThingId("org.example", "badge");

    @TempDir
    Path dir;

    record Reported(String channel, Object value, Quality quality) {
    }

    private final List<Reported> reported = new ArrayList<>();
    private final PipelineSink sink = (c, p, v, t, q, s) -> reported.add(new Reported(c.channel(), v, q));

    private static DeviceConfig device(String channels) throws DescriptorException {
        return new DescriptorParser("org.example", k -> null).parse("badge.json",
                "{\"id\": \"badge\", \"driver\": \"sim\", \"channels\": [" + channels + "]}");
    }

    private static String channel(String name, String type, String pii) {
        return "{\"name\": \"" + name + "\", \"type\": \"" + type + "\", \"poll\": \"1s\"" + (pii == null ? "" : ", \"pii\": \"" + pii + "\"") + "}";
    }

    private DevicePipeline pipeline(DeviceConfig c, PersonalData pd) {
        return new DevicePipeline(c, sink, ch -> pd.guard(THING, ch));
    }

    private static byte[] hmac(byte[] key, String text) throws Exception {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(key, "HmacSHA256"));
        return m.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aHashedChannelReportsTheKeyedHmacOfTheValueTheSameTokenEveryTimeAndAfterARestart() throws Exception {
        DeviceConfig c = device(channel("holder", "string", "hash") + "," + channel("count", "integer", "hash"));
        DevicePipeline p = pipeline(c, new PersonalData(dir));
        p.value(0, MARKER, 1, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        p.value(1, 42L, 1, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        byte[] key = Files.readAllBytes(dir.resolve(PersonalData.HMAC_KEY));
        String expected = "hmac-sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, "s:" + MARKER));
        assertThat(reported.get(0)).isEqualTo(new Reported("holder", expected, Quality.GOOD));
        assertThat(p.channel(0).latest()).isEqualTo(expected);
        // a restart: new guards, the same key file, the same token
        reported.clear();
        DevicePipeline again = pipeline(c, new PersonalData(dir));
        again.value(0, MARKER, 2, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        again.value(0, "someone else", 3, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        assertThat(reported.get(0).value()).isEqualTo(expected);
        assertThat(reported.get(1).value()).isNotEqualTo(expected).asString().startsWith("hmac-sha256:");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(PersonalData.HMAC_KEY)))).isEqualTo("rw-------");
    }

    @Test
    void theSameNumberGivesTheSameTokenWhateverItWasBoxedAs() throws Exception {
        HashGuard g = new HashGuard(new byte[32]);
        assertThat(g.protect(42L)).isEqualTo(g.protect(42.0)).isEqualTo(g.protect(42));
        assertThat(g.protect(42.5)).isNotEqualTo(g.protect(42L));
        assertThat(g.protect("42")).isNotEqualTo(g.protect(42L));
    }

    @Test
    void anEncryptedChannelOpensWithTheCloudKeyForItsOwnPropertyOnly() throws Exception {
        DeviceConfig c = device(channel("email", "string", "encrypt"));
        DevicePipeline p = pipeline(c, new PersonalData(dir));
        p.value(0, MARKER, 1, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        p.value(0, "other", 2, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        p.value(0, MARKER, 3, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        String token = (String) reported.get(0).value();
        assertThat(token).startsWith("aes-gcm:").doesNotContain(MARKER);
        // encryption is randomized: the same value twice gives two tokens
        assertThat(reported.get(2).value()).isNotEqualTo(token);
        byte[] key = Files.readAllBytes(dir.resolve(PersonalData.CLOUD_KEY));
        byte[] sealed = Base64.getUrlDecoder().decode(token.substring("aes-gcm:".length()));
        assertThat(new String(open(key, sealed, "org.example:badge/email/value"), StandardCharsets.UTF_8)).isEqualTo("s:" + MARKER);
        catchThrowableOfType(AEADBadTagException.class, () -> open(key, sealed, "org.example:badge/other/value"));
    }

    private static byte[] open(byte[] key, byte[] sealed, String aad) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed, 0, 12));
        cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(sealed, 12, sealed.length - 12);
    }

    @Test
    void aDroppedChannelIsNeverReportedNorDefinedNorShown() throws Exception {
        DeviceConfig c = device(channel("face", "string", "drop") + "," + channel("temp", "double", null));
        DevicePipeline p = pipeline(c, new PersonalData(dir));
        p.value(0, MARKER, 1, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        p.bad(0, 2, TimeSource.SYSTEM_CLOCK);
        p.value(1, 21.5, 1, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        assertThat(reported).containsExactly(new Reported("temp", 21.5, Quality.GOOD));
        assertThat(p.channel(0).latest()).isNull();
        assertThat(TwinMapper.definition(c).features()).extracting(FeatureDefinition::channel).containsExactly("temp");
    }

    @Test
    void aStaleHashedValueIsReportedAsItsTokenNotTheValue() throws Exception {
        DeviceConfig c = device(channel("holder", "string", "hash"));
        DevicePipeline p = pipeline(c, new PersonalData(dir));
        p.value(0, MARKER, 1, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        p.stale(0, 2, TimeSource.SYSTEM_CLOCK);
        assertThat(reported).hasSize(2);
        assertThat(reported.get(1).quality()).isEqualTo(Quality.STALE);
        assertThat(reported.get(1).value()).isEqualTo(reported.get(0).value());
    }

    @Test
    void theTwinDefinitionShowsAHashedOrEncryptedChannelAsTextWithoutItsUnit() throws Exception {
        DeviceConfig c = device("{\"name\": \"weight\", \"type\": \"double\", \"unit\": \"kg\", \"poll\": \"1s\", \"pii\": \"hash\"}");
        FeatureDefinition d = TwinMapper.definition(c).features().get(0);
        assertThat(d.type().name()).isEqualTo("STRING");
        assertThat(d.unit()).isEmpty();
        assertThat(d.description()).contains("personal data");
    }

    @Test
    void aKeyFileThatCannotBeReadDropsTheChannelInsteadOfLettingValuesThrough() throws Exception {
        Files.write(dir.resolve(PersonalData.HMAC_KEY), new byte[5]);
        DeviceConfig c = device(channel("holder", "string", "hash"));
        DevicePipeline p = pipeline(c, new PersonalData(dir));
        p.value(0, MARKER, 1, Quality.GOOD, TimeSource.SYSTEM_CLOCK);
        assertThat(reported).isEmpty();
        assertThat(Files.size(dir.resolve(PersonalData.HMAC_KEY))).isEqualTo(5);
    }

    @Test
    void theDescriptorNamesAnUnknownPiiModeAndRefusesStagesWritesAndDerivedUse() {
        assertThat(catchThrowableOfType(DescriptorException.class, () -> device(channel("x", "string", "blur"))).problems())
                .singleElement().satisfies(p -> {
                    assertThat(p.jsonPath()).isEqualTo("$.channels[0].pii");
                    assertThat(p.message()).contains("unknown pii 'blur'", "drop, hash or encrypt");
                });
        assertThat(catchThrowableOfType(DescriptorException.class, () -> device("{\"name\": \"w\", \"type\": \"double\", \"poll\": \"1s\","
                + " \"pii\": \"hash\", \"stages\": [{\"kind\": \"deadband\", \"absolute\": 1}]}")).problems())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("a pii channel has no stages"));
        assertThat(catchThrowableOfType(DescriptorException.class, () -> device("{\"name\": \"w\", \"type\": \"double\", \"access\": \"read_write\","
                + " \"poll\": \"1s\", \"pii\": \"encrypt\"}")).problems())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("a pii channel is read-only"));
        assertThatThrownBy(() -> new DescriptorParser("org.example", k -> null).parse("b.json", "{\"id\": \"b\", \"driver\": \"sim\", \"channels\": ["
                + channel("w", "double", "hash") + "], \"derived\": [{\"name\": \"d\", \"expression\": \"w * 2\"}]}"))
                .isInstanceOf(DescriptorException.class).hasMessageContaining("'w'");
        assertThat(PiiMode.byName("hash")).isEqualTo(PiiMode.HASH);
    }
}
