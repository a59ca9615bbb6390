package org.mviot.edge.cloud.mqtt.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.cloud.mqtt.internal.wire.WirePackets.properties;
import static org.mviot.edge.cloud.mqtt.internal.wire.WirePackets.publish;
import static org.mviot.edge.cloud.mqtt.internal.wire.WirePackets.reader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.eclipse.paho.mqttv5.client.wire.MqttInputStream;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes the packet reader Paho's receiver thread uses with what a broker could send. The
 * invariant: a packet, or an {@link MqttException} / {@link IOException} (which Paho turns into a
 * clean disconnect) — never any other exception, which would end Paho's receiver thread.
 */
class PacketReaderFuzzTest {

    @Property
    void randomBytesGiveOnlyPacketsOrMqttOrIoExceptions(@ForAll @Size(max = 600) byte[] bytes, @ForAll boolean limited) {
        readAll(bytes, limited ? 128L : null);
    }

    @Property
    void wellFormedPublishesAreReadBackExactly(@ForAll @IntRange(max = 65_535) int correlationLength,
                                               @ForAll @IntRange(min = 1, max = 65_535) int packetId,
                                               @ForAll @Size(max = 3_000) byte[] payload,
                                               @ForAll("userValues") String userValue) throws Exception {
        byte[] corr = new byte[correlationLength];
        new Random(correlationLength).nextBytes(corr);
        byte[] packet = publish("mviot/gw/commands", packetId, properties().binary(0x09, corr).utf8(0x08, "my/resp")
                .userProperty("sender", userValue), payload);

        MqttPublish p = (MqttPublish) reader(packet, 262_144L).readMqttWireMessage();

        assertThat(p.getMessageId()).isEqualTo(packetId);
        assertThat(p.getProperties().getCorrelationData()).isEqualTo(corr);
        assertThat(p.getProperties().getUserProperties().get(0).getValue()).isEqualTo(userValue);
        assertThat(p.getMessage().getPayload()).isEqualTo(payload);
        assertThat(((InboundMessage) p.getMessage()).problem()).isNull();
    }

    @Property
    void corruptedRealPublishesAreReadOrRefusedCleanly(@ForAll @IntRange(max = 40_000) int correlationLength,
                                                       @ForAll @IntRange(min = 1, max = 6) int flips, @ForAll long seed) {
        Random rnd = new Random(seed);
        byte[] packet = publish("mviot/gw/commands", 1 + rnd.nextInt(65_535), properties().binary(0x09, new byte[correlationLength])
                .utf8(0x08, "my/resp").userProperty("sender", "app"), "{\"topic\":\"a/b/things/twin/commands/modify\"}"
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < flips; i++) {
            // mostly in the fixed and variable headers, where the lengths are
            int at = rnd.nextInt(4) == 0 ? rnd.nextInt(packet.length) : rnd.nextInt(Math.min(packet.length, 40));
            packet[at] = (byte) rnd.nextInt(256);
        }
        readAll(packet, rnd.nextBoolean() ? 4_096L : null);
    }

    @Provide
    Arbitrary<String> userValues() {
        return Arbitraries.strings().ofMaxLength(200).filter(s -> s.indexOf('\0') < 0);
    }

    private static void readAll(byte[] bytes, Long limit) {
        MqttInputStream in = reader(bytes, limit);
        for (int i = 0; i < 1_000; i++) {
            try {
                MqttWireMessage m = in.readMqttWireMessage();
                assertThat(m).as("a whole stream is available: no read timeout, so no null").isNotNull();
            } catch (MqttException | IOException e) {
                return;
            }
        }
    }
}
