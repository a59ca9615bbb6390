package org.mviot.edge.cloud.mqtt.internal.codec;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.FeatureDefinition;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinUpdate;

/**
 * The compact binary form in which twin updates and pending command responses wait in the
 * persistent queue. Binary rather than the Ditto JSON because it is written once per update to
 * flash (SD-card wear: bytes written per update) and because batching needs the structure back.
 * The first byte is a format tag so that later versions can read older queues.
 */
public final class BinaryFormat {

    private static final byte CHANGES = 1;
    private static final byte DEFINITION = 2;
    private static final byte RESPONSE = 3;

    private static final byte NULL = 0;
    private static final byte TRUE = 1;
    private static final byte FALSE = 2;
    private static final byte LONG = 3;
    private static final byte DOUBLE = 4;
    private static final byte STRING = 5;

    private BinaryFormat() {
    }

    /**
     * A prepared message: a command response waiting to go out when the link was down as it was
     * produced, or the link's own report on the gateway twin.
     *
     * @param topic           MQTT topic to publish to
     * @param correlationData MQTT v5 correlation data of the command, may be empty
     * @param json            the Ditto response
     */
    public record PendingResponse(String topic, byte[] correlationData, String json) {
    }

    /**
     * @param u an update
     * @return its bytes
     */
    public static byte[] encode(TwinUpdate u) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (u instanceof TwinUpdate.Changes c) {
                out.writeByte(CHANGES);
                thing(out, c.thing());
                out.writeLong(c.sequence());
                out.writeInt(c.changes().size());
                // feature names repeat: write each one once per record and refer to it by index
                List<String> features = new ArrayList<>();
                for (PropertyChange p : c.changes()) {
                    int idx = features.indexOf(p.feature());
                    if (idx < 0) {
                        features.add(p.feature());
                        out.writeShort(-1);
                        out.writeUTF(p.feature());
                    } else {
                        out.writeShort(idx);
                    }
                    out.writeUTF(p.path());
                    value(out, p.value());
                    out.writeLong(p.timestamp());
                    out.writeByte(p.quality().ordinal());
                    out.writeByte(p.timeSource().ordinal());
                }
            } else if (u instanceof TwinUpdate.Definition d) {
                out.writeByte(DEFINITION);
                thing(out, d.thing());
                out.writeLong(d.sequence());
                out.writeUTF(d.device());
                out.writeUTF(d.driver());
                out.writeInt(d.attributes().size());
                for (Map.Entry<String, String> a : d.attributes().entrySet()) {
                    out.writeUTF(a.getKey());
                    out.writeUTF(a.getValue());
                }
                out.writeInt(d.features().size());
                for (FeatureDefinition f : d.features()) {
                    out.writeUTF(f.feature());
                    out.writeUTF(f.path());
                    out.writeUTF(f.channel());
                    out.writeByte(f.type().ordinal());
                    out.writeUTF(f.unit());
                    out.writeByte(f.access().ordinal());
                    out.writeDouble(f.range().min());
                    out.writeDouble(f.range().max());
                    out.writeBoolean(f.derived());
                    out.writeUTF(f.description());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param r a response
     * @return its bytes
     */
    public static byte[] encode(PendingResponse r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + r.json().length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(RESPONSE);
            out.writeUTF(r.topic());
            out.writeShort(r.correlationData().length);
            out.write(r.correlationData());
            byte[] json = DittoCodec.bytes(r.json());
            out.writeInt(json.length);
            out.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @param bytes a record's payload
     * @return a {@link TwinUpdate} or a {@link PendingResponse}
     * @throws IllegalArgumentException when the bytes are not of this format
     */
    public static Object decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            byte tag = in.readByte();
            switch (tag) {
                case CHANGES: {
                    ThingId thing = thing(in);
                    long seq = in.readLong();
                    int n = in.readInt();
                    List<String> features = new ArrayList<>();
                    List<PropertyChange> changes = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        short idx = in.readShort();
                        String feature;
                        if (idx < 0) {
                            feature = in.readUTF();
                            features.add(feature);
                        } else {
                            feature = features.get(idx);
                        }
                        String path = in.readUTF();
                        Object value = value(in);
                        long ts = in.readLong();
                        Quality q = Quality.values()[in.readByte()];
                        TimeSource src = TimeSource.values()[in.readByte()];
                        changes.add(new PropertyChange(feature, path, value, ts, q, src));
                    }
                    return new TwinUpdate.Changes(thing, seq, changes);
                }
                case DEFINITION: {
                    ThingId thing = thing(in);
                    long seq = in.readLong();
                    String device = in.readUTF();
                    String driver = in.readUTF();
                    int na = in.readInt();
                    Map<String, String> attributes = new LinkedHashMap<>();
                    for (int i = 0; i < na; i++) {
                        attributes.put(in.readUTF(), in.readUTF());
                    }
                    int nf = in.readInt();
                    List<FeatureDefinition> features = new ArrayList<>(nf);
                    for (int i = 0; i < nf; i++) {
                        features.add(new FeatureDefinition(in.readUTF(), in.readUTF(), in.readUTF(),
                                ChannelType.values()[in.readByte()], in.readUTF(), Access.values()[in.readByte()],
                                new Range(in.readDouble(), in.readDouble()), in.readBoolean(), in.readUTF()));
                    }
                    return new TwinUpdate.Definition(thing, seq, device, driver, attributes, features);
                }
                case RESPONSE: {
                    String topic = in.readUTF();
                    byte[] corr = new byte[in.readUnsignedShort()];
                    in.readFully(corr);
                    byte[] json = new byte[in.readInt()];
                    in.readFully(json);
                    return new PendingResponse(topic, corr, new String(json, java.nio.charset.StandardCharsets.UTF_8));
                }
                default:
                    throw new IllegalArgumentException("unknown queue record format " + tag);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("queue record cannot be read: " + e, e);
        }
    }

    private static void thing(DataOutputStream out, ThingId t) throws IOException {
        out.writeUTF(t.namespace());
        out.writeUTF(t.name());
    }

    private static ThingId thing(DataInputStream in) throws IOException {
        return new ThingId(in.readUTF(), in.readUTF());
    }

    private static void value(DataOutputStream out, Object v) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (v instanceof Double || v instanceof Float) {
            out.writeByte(DOUBLE);
            out.writeDouble(((Number) v).doubleValue());
        } else if (v instanceof Number n) {
            out.writeByte(LONG);
            out.writeLong(n.longValue());
        } else {
            out.writeByte(STRING);
            out.writeUTF(v.toString());
        }
    }

    private static Object value(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case DOUBLE -> in.readDouble();
            case LONG -> in.readLong();
            case STRING -> in.readUTF();
            default -> throw new IOException("unknown value tag " + tag);
        };
    }
}
