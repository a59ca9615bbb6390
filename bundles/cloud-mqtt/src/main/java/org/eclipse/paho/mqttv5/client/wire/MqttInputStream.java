package org.eclipse.paho.mqttv5.client.wire;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.internal.MqttState;
import org.eclipse.paho.mqttv5.common.ExceptionHelper;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;
import org.mviot.edge.cloud.mqtt.internal.wire.InboundPackets;
import org.mviot.edge.cloud.mqtt.internal.wire.PacketSizeLimit;

/**
 * mviot-edge's replacement for Paho 1.2.5's packet reader of the same name (the bundle embeds
 * Paho and this class is packaged in place of Paho's; Paho's {@code CommsReceiver} creates it).
 * Written here, not patched, to fix what an MQTT sender could do to the gateway through the broker:
 * <ul>
 * <li>Paho allocated the whole packet before comparing it with the Maximum Packet Size (a 16 MB
 * PUBLISH was an {@code OutOfMemoryError} in a 48 MB heap). Here a packet over the limit is read
 * into a buffer of at most the limit, the rest is skipped as it arrives.</li>
 * <li>Paho decoded properties with signed two-byte lengths (correlation data of 32,768 bytes or more:
 * {@code NegativeArraySizeException}, and the receiver thread ended). PUBLISH and CONNACK are now
 * decoded by {@link InboundPackets}; any other decoding failure is an {@link MqttException}, which
 * Paho's receiver turns into a clean disconnect.</li>
 * <li>A variable byte integer longer than four bytes is refused (Paho read on).</li>
 * </ul>
 * The contract is Paho's: {@link #readMqttWireMessage()} returns {@code null} when the socket's read
 * timeout expires mid-packet and continues where it stopped at the next call.
 */
public class MqttInputStream extends InputStream {

    private static final int SKIP_CHUNK = 8192;

    private final MqttState clientState;
    private final DataInputStream in;
    private final byte[] scratch = new byte[SKIP_CHUNK];
    private int first = -1;
    private int remaining;
    private long limit;
    private byte[] body;
    private int bodyRead;
    private int skipped;

    /**
     * @param clientState Paho's connection state (byte counts, the Maximum Packet Size)
     * @param in          the network stream
     * @param clientId    the client id (Paho's logging; unused)
     */
    public MqttInputStream(MqttState clientState, InputStream in, String clientId) {
        this.clientState = clientState;
        this.in = new DataInputStream(in);
    }

    @Override
    public int read() throws IOException {
        return in.read();
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * Reads the next packet.
     *
     * @return the packet, or {@code null} if the socket's read timeout expired before it was complete
     * @throws IOException   if the stream fails or ends
     * @throws MqttException if the packet is malformed
     */
    public MqttWireMessage readMqttWireMessage() throws IOException, MqttException {
        try {
            if (first < 0) {
                readFixedHeader();
            }
            fill();
            skip();
            int f = first;
            byte[] b = body;
            int total = remaining;
            first = -1;
            body = null;
            return InboundPackets.decode(f, b, total, limit);
        } catch (SocketTimeoutException e) {
            // the rest of the packet comes at the next call
            return null;
        }
    }

    /** Like Paho, the fixed header (at most 5 bytes) is assumed to arrive at once. */
    private void readFixedHeader() throws IOException, MqttException {
        int b = in.readUnsignedByte();
        clientState.notifyReceivedBytes(1);
        int type = b >>> 4;
        if (type < MqttWireMessage.MESSAGE_TYPE_CONNECT || type > MqttWireMessage.MESSAGE_TYPE_AUTH) {
            throw ExceptionHelper.createMqttException(MqttClientException.REASON_CODE_INVALID_MESSAGE);
        }
        try {
            MqttWireMessage.validateReservedBits((byte) type, (byte) (b & 0x0F));
        } catch (IllegalArgumentException e) {
            throw new MqttException(MqttException.REASON_CODE_MALFORMED_PACKET, e);
        }
        int length = 0;
        int headerBytes = 1;
        for (int i = 0; ; i++) {
            if (i == 4) {
                throw new MqttException(MqttException.REASON_CODE_MALFORMED_PACKET);
            }
            int digit = in.readUnsignedByte();
            clientState.notifyReceivedBytes(1);
            headerBytes++;
            length |= (digit & 0x7F) << (7 * i);
            if ((digit & 0x80) == 0) {
                break;
            }
        }
        limit = PacketSizeLimit.effective(clientState.getIncomingMaximumPacketSize());
        // a packet over the limit: only as much of it as the limit allows is kept
        long keep = headerBytes + (long) length <= limit ? length : Math.max(0, limit - headerBytes);
        first = b;
        remaining = length;
        body = new byte[(int) keep];
        bodyRead = 0;
        skipped = 0;
    }

    private void fill() throws IOException {
        while (bodyRead < body.length) {
            int n = in.read(body, bodyRead, body.length - bodyRead);
            if (n < 0) {
                throw new EOFException();
            }
            clientState.notifyReceivedBytes(n);
            bodyRead += n;
        }
    }

    private void skip() throws IOException {
        int toSkip = remaining - body.length;
        while (skipped < toSkip) {
            int n = in.read(scratch, 0, Math.min(scratch.length, toSkip - skipped));
            if (n < 0) {
                throw new EOFException();
            }
            clientState.notifyReceivedBytes(n);
            skipped += n;
        }
    }
}
