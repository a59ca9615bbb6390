package org.mviot.edge.cloud.mqtt.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mviot.edge.cloud.mqtt.internal.wire.WirePackets.concat;
import static org.mviot.edge.cloud.mqtt.internal.wire.WirePackets.properties;
import static org.mviot.edge.cloud.mqtt.internal.wire.WirePackets.publish;
import static org.mviot.edge.cloud.mqtt.internal.wire.WirePackets.reader;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttConnAck;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;
import org.junit.jupiter.api.Test;

/**
 * The packet reader Paho's receiver thread uses, fed the bytes a broker sends. In this bundle it is
 * our {@code MqttInputStream}, which replaces Paho 1.2.5's: without it these tests fail as the
 * gateway did (a {@code NegativeArraySizeException} that ended Paho's receiver thread).
 */
class PahoReaderTest {

    private static final byte[] COMMAND = "{\"topic\":\"org.mviot.demo/sim-boiler/things/twin/commands/modify\"}".getBytes(StandardCharsets.UTF_8);

    private static byte[] correlation(int n) {
        byte[] c = new byte[n];
        Arrays.fill(c, (byte) 'c');
        return c;
    }

    @Test
    void pahosOwnDecoderReadsCorrelationDataOf32768BytesAsANegativeLength() {
        // the upstream defect this bundle works around (MqttProperties.decodeProperties: readShort)
        byte[] packet = publish("mviot/gw/commands", 7, properties().binary(0x09, correlation(32_768)), COMMAND);

        assertThatThrownBy(() -> MqttWireMessage.createWireMessage(packet)).isInstanceOf(NegativeArraySizeException.class);
    }

    @Test
    void aPublishWithCorrelationDataOf32768BytesIsReadWhole() throws Exception {
        byte[] packet = publish("mviot/gw/commands", 7, properties().binary(0x09, correlation(32_768)).utf8(0x08, "my/resp"), COMMAND);

        MqttPublish p = (MqttPublish) reader(packet, 262_144L).readMqttWireMessage();

        assertThat(p.getTopicName()).isEqualTo("mviot/gw/commands");
        assertThat(p.getMessageId()).isEqualTo(7);
        assertThat(p.getProperties().getCorrelationData()).hasSize(32_768);
        assertThat(p.getProperties().getResponseTopic()).isEqualTo("my/resp");
        assertThat(p.getMessage().getPayload()).isEqualTo(COMMAND);
        assertThat(((InboundMessage) p.getMessage()).problem()).isNull();
    }

    @Test
    void correlationDataOfTheLargestLengthTheProtocolAllowsIsReadWhole() throws Exception {
        byte[] packet = publish("t", 1, properties().binary(0x09, correlation(65_535)), COMMAND);

        MqttPublish p = (MqttPublish) reader(packet, null).readMqttWireMessage();

        assertThat(p.getProperties().getCorrelationData()).hasSize(65_535);
        assertThat(p.getMessage().getPayload()).isEqualTo(COMMAND);
    }

    @Test
    void aBrokersReceiveMaximumOf65535IsNotReadAsMinusOne() throws Exception {
        byte[] packet = WirePackets.connAck(properties().u16(0x21, 65_535).u16(0x22, 40_000));

        MqttConnAck c = (MqttConnAck) reader(packet, null).readMqttWireMessage();

        assertThat(c.getProperties().getReceiveMaximum()).isEqualTo(65_535);
        assertThat(c.getProperties().getTopicAliasMaximum()).isEqualTo(40_000);
    }

    @Test
    void aPublishOverTheMaximumPacketSizeIsSkippedAsItArrivesAndTheNextPacketIsReadIntact() throws Exception {
        byte[] big = new byte[300_000];
        byte[] stream = concat(publish("mviot/gw/commands", 3, properties().binary(0x09, "c-big".getBytes(StandardCharsets.UTF_8))
                .utf8(0x08, "my/resp"), big), publish("mviot/gw/commands", 4, properties(), COMMAND));
        var reader = reader(stream, 4096L);

        MqttPublish tooLarge = (MqttPublish) reader.readMqttWireMessage();
        MqttPublish next = (MqttPublish) reader.readMqttWireMessage();

        assertThat(tooLarge.getMessageId()).as("its packet identifier, for the PUBACK").isEqualTo(3);
        InboundMessage m = (InboundMessage) tooLarge.getMessage();
        assertThat(m.getPayload()).isEmpty();
        assertThat(m.problem()).contains("over the Maximum Packet Size of 4096 bytes");
        assertThat(m.packetBytes()).isGreaterThan(300_000);
        assertThat(m.getProperties().getCorrelationData()).as("properties in the head kept").isEqualTo("c-big".getBytes(StandardCharsets.UTF_8));
        assertThat(next.getMessageId()).isEqualTo(4);
        assertThat(next.getMessage().getPayload()).isEqualTo(COMMAND);
    }

    @Test
    void aPropertyNotAllowedInAPublishIsReportedAndThePayloadStillRead() throws Exception {
        byte[] packet = publish("t", 9, properties().utf8(0x08, "my/resp").u16(0x21, 10), COMMAND);

        MqttPublish p = (MqttPublish) reader(packet, null).readMqttWireMessage();

        InboundMessage m = (InboundMessage) p.getMessage();
        assertThat(m.problem()).contains("0x21");
        assertThat(m.getProperties().getResponseTopic()).isEqualTo("my/resp");
        assertThat(m.getPayload()).isEqualTo(COMMAND);
    }

    @Test
    void carriageReturnsAndLineFeedsInAUserPropertyReachTheApplicationWhichDecidesAboutThem() throws Exception {
        // Paho's decoder threw IllegalArgumentException ("Invalid UTF-8 char") out of its receiver thread
        byte[] packet = publish("t", 9, properties().userProperty("sender", "x\r\nFORGED"), COMMAND);

        MqttPublish p = (MqttPublish) reader(packet, null).readMqttWireMessage();

        assertThat(p.getProperties().getUserProperties()).singleElement().satisfies(u -> assertThat(u.getValue()).isEqualTo("x\r\nFORGED"));
    }

    @Test
    void aCorrelationDataLengthPastTheEndOfItsBlockIsAProblemNotAnException() throws Exception {
        // length 0xFFFF announced, 3 bytes present
        byte[] packet = publish("t", 9, properties().raw((byte) 0x09, (byte) 0xFF, (byte) 0xFF, (byte) 1, (byte) 2, (byte) 3), COMMAND);

        MqttPublish p = (MqttPublish) reader(packet, null).readMqttWireMessage();

        assertThat(((InboundMessage) p.getMessage()).problem()).contains("correlation data");
        assertThat(p.getMessageId()).isEqualTo(9);
    }

    @Test
    void aRedeliveredPublishKeepsItsDupFlagOnTheWayToTheCallback() throws Exception {
        byte[] packet = publish("t", 9, properties(), COMMAND);
        packet[0] |= 0x08;

        MqttPublish p = (MqttPublish) reader(packet, null).readMqttWireMessage();

        assertThat(p.getMessage().isDuplicate()).isTrue();
    }

    @Test
    void aRemainingLengthOfFiveBytesIsAMalformedPacket() {
        byte[] packet = {0x32, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};

        assertThatThrownBy(() -> reader(packet, null).readMqttWireMessage()).isInstanceOf(MqttException.class);
    }

    @Test
    void aPublishWhoseTopicLengthRunsPastThePacketIsAMalformedPacketNotARuntimeException() {
        byte[] packet = WirePackets.packet(0x32, new byte[] {(byte) 0x80, 0x00, 'a'});

        assertThatThrownBy(() -> reader(packet, null).readMqttWireMessage()).isInstanceOf(MqttException.class)
                .hasRootCauseMessage("PUBLISH topic name: needs 32768 bytes, the packet has 1 left");
    }
}
