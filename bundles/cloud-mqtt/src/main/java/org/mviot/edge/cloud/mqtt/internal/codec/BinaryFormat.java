package org.mviot.edge.cloud.mqtt.internal.codec;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
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
 * The first byte is a format tag so that later versions can read older queues; api enums are
 * stored as the fixed codes of {@link WireCodes}, never as ordinals (issue 9, item 3).
 *
 * <p>Encoding checks every length against its field before writing: what does not fit is refused
 * with {@link UnencodableUpdateException} and never stored. Decoding bytes that are not a record
 * ends in {@link UndecodableRecordException} and nothing else (checked by a fuzz property): every
 * length read is checked against the bytes left before anything is allocated.
 */
public final class BinaryFormat {

    private static final byte CHANGES = 1;
    private static final byte DEFINITION = 2;
    private static final byte RESPONSE = 3;
    /** Changes with each timestamp's quality (error bound, before the first sync): written since api 1.1; {@link #CHANGES} still read. */
    private static final byte TIMED_CHANGES = 4;
    private static final byte BEFORE_FIRST_SYNC = 1;

    private static final byte NULL = 0;
    private static final byte TRUE = 1;
    private static final byte FALSE = 2;
    private static final byte LONG = 3;
    private static final byte DOUBLE = 4;
    private static final byte STRING = 5;

    /** Change updates encoded lately: the uplink reads them back moments later (see {@link RecentlyEncoded}). */
    static final RecentlyEncoded RECENT = new RecentlyEncoded(16, 512 * 1024);

    /** Most distinct features in one change update: the index that refers back to one is a signed short. */
    static final int MAX_FEATURES = Short.MAX_VALUE;
    /** Most bytes of a text field: its length is an unsigned short. */
    static final int MAX_TEXT_BYTES = 65_535;
    /** Most bytes of a response's correlation data: its length is an unsigned short. */
    static final int MAX_CORRELATION_BYTES = 65_535;

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
     * @throws UnencodableUpdateException naming the field that does not fit
     */
    public static byte[] encode(TwinUpdate u) {
        Out out;
        if (u instanceof TwinUpdate.Changes c) {
            out = new Out(64 + 40 * c.changes().size());
            out.writeByte(TIMED_CHANGES);
            thing(out, c.thing());
            out.writeLong(c.sequence());
            out.writeInt(c.changes().size());
            // feature names repeat: write each one once per record and refer to it by index
            // (a map, not a list search: a device may have a feature per channel, a thousand of them)
            StringPairSet features = new StringPairSet(c.changes().size());
            for (PropertyChange p : c.changes()) {
                String feature = p.feature();
                int before = features.size();
                int idx = features.add(feature, "");
                if (idx == before) {
                    if (idx >= MAX_FEATURES) {
                        throw new UnencodableUpdateException("an update of " + c.thing() + " changes more than " + MAX_FEATURES
                                + " distinct features");
                    }
                    out.writeShort(-1);
                    out.writeUTF(feature, "feature name");
                } else {
                    out.writeShort(idx);
                }
                out.writeUTF(p.path(), "property path");
                value(out, p.value());
                out.writeLong(p.timestamp());
                out.writeByte(WireCodes.code(p.quality()));
                out.writeByte(WireCodes.code(p.timeSource()));
                // an error bound beyond 24 days is as good as unknown: kept, but an int
                long uncertainty = p.uncertaintyMillis();
                out.writeInt((int) Math.min(uncertainty, Integer.MAX_VALUE));
                out.exact &= uncertainty <= Integer.MAX_VALUE;
                out.writeByte(p.beforeFirstSync() ? BEFORE_FIRST_SYNC : 0);
            }
        } else if (u instanceof TwinUpdate.Definition d) {
            out = new Out(256);
            out.writeByte(DEFINITION);
            thing(out, d.thing());
            out.writeLong(d.sequence());
            out.writeUTF(d.device(), "device name");
            out.writeUTF(d.driver(), "driver name");
            out.writeInt(d.attributes().size());
            for (Map.Entry<String, String> a : d.attributes().entrySet()) {
                out.writeUTF(a.getKey(), "attribute name");
                out.writeUTF(a.getValue(), "attribute value");
            }
            out.writeInt(d.features().size());
            for (FeatureDefinition f : d.features()) {
                out.writeUTF(f.feature(), "feature name");
                out.writeUTF(f.path(), "property path");
                out.writeUTF(f.channel(), "channel name");
                out.writeByte(WireCodes.code(f.type()));
                out.writeUTF(f.unit(), "unit");
                out.writeByte(WireCodes.code(f.access()));
                out.writeLong(Double.doubleToLongBits(f.range().min()));
                out.writeLong(Double.doubleToLongBits(f.range().max()));
                out.writeByte(f.derived() ? 1 : 0);
                out.writeUTF(f.description(), "description");
            }
        } else {
            out = new Out(0);
        }
        byte[] bytes = out.toByteArray();
        if (u instanceof TwinUpdate.Changes && out.exact) {
            RECENT.put(bytes, u); // decoding gives an equal update: see RecentlyEncoded
        }
        return bytes;
    }

    /**
     * @param r a response
     * @return its bytes
     * @throws UnencodableUpdateException naming the field that does not fit
     */
    public static byte[] encode(PendingResponse r) {
        if (r.correlationData().length > MAX_CORRELATION_BYTES) {
            throw new UnencodableUpdateException("a response's correlation data of " + r.correlationData().length
                    + " bytes exceeds " + MAX_CORRELATION_BYTES);
        }
        Out out = new Out(64 + r.json().length());
        out.writeByte(RESPONSE);
        out.writeUTF(r.topic(), "response topic");
        out.writeShort(r.correlationData().length);
        out.write(r.correlationData());
        byte[] json = DittoCodec.bytes(r.json());
        out.writeInt(json.length);
        out.write(json);
        return out.toByteArray();
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @param bytes a record's payload
     * @return a {@link TwinUpdate} or a {@link PendingResponse}
     * @throws UndecodableRecordException when the bytes are not a record of this format (nothing else)
     */
    public static Object decode(byte[] bytes) {
        TwinUpdate recent = RECENT.take(bytes);
        return recent != null ? recent : decodeStored(bytes);
    }

    /**
     * Decodes the bytes, whatever was encoded lately.
     *
     * @param bytes a record's payload
     * @return a {@link TwinUpdate} or a {@link PendingResponse}
     * @throws UndecodableRecordException when the bytes are not a record of this format
     */
    static Object decodeStored(byte[] bytes) {
        try {
            In in = new In(bytes);
            byte tag = in.readByte();
            switch (tag) {
                case CHANGES:
                case TIMED_CHANGES: {
                    boolean timed = tag == TIMED_CHANGES;
                    ThingId thing = thing(in);
                    long seq = in.readLong();
                    int n = in.readInt();
                    if (n < 0 || n > in.remaining()) {
                        throw new IOException("impossible change count " + n);
                    }
                    List<String> features = new ArrayList<>();
                    PropertyChange[] changes = new PropertyChange[n];
                    for (int i = 0; i < n; i++) {
                        short idx = in.readShort();
                        String feature;
                        if (idx < 0) {
                            feature = in.readUTF();
                            features.add(feature);
                        } else if (idx < features.size()) {
                            feature = features.get(idx);
                        } else {
                            throw new IOException("feature index " + idx + " refers to none of " + features.size());
                        }
                        String path = in.readRepeatedUTF();
                        Object value = value(in);
                        long ts = in.readLong();
                        Quality q = known(WireCodes.quality(in.readByte()), "quality");
                        TimeSource src = known(WireCodes.timeSource(in.readByte()), "time source");
                        if (timed) {
                            int uncertainty = in.readInt();
                            if (uncertainty < -1) {
                                throw new IOException("impossible time uncertainty " + uncertainty);
                            }
                            int flags = in.readByte();
                            if ((flags & ~BEFORE_FIRST_SYNC) != 0) {
                                throw new IOException("unknown time flags " + flags);
                            }
                            changes[i] = new PropertyChange(feature, path, value, ts, q, src, uncertainty, flags == BEFORE_FIRST_SYNC);
                        } else {
                            // written before changes carried a time quality: its error bound is unknown
                            changes[i] = new PropertyChange(feature, path, value, ts, q, src);
                        }
                    }
                    // an immutable list already: the record keeps it instead of copying it again
                    return new TwinUpdate.Changes(thing, seq, List.of(changes));
                }
                case DEFINITION: {
                    ThingId thing = thing(in);
                    long seq = in.readLong();
                    String device = in.readUTF();
                    String driver = in.readUTF();
                    int na = in.readInt();
                    if (na < 0 || na > in.remaining()) {
                        throw new IOException("impossible attribute count " + na);
                    }
                    Map<String, String> attributes = new LinkedHashMap<>();
                    for (int i = 0; i < na; i++) {
                        attributes.put(in.readUTF(), in.readUTF());
                    }
                    int nf = in.readInt();
                    if (nf < 0 || nf > in.remaining()) {
                        throw new IOException("impossible feature count " + nf);
                    }
                    List<FeatureDefinition> features = new ArrayList<>(nf);
                    for (int i = 0; i < nf; i++) {
                        String feature = in.readUTF();
                        String path = in.readUTF();
                        String channel = in.readUTF();
                        ChannelType type = known(WireCodes.channelType(in.readByte()), "channel type");
                        String unit = in.readUTF();
                        Access access = known(WireCodes.access(in.readByte()), "access");
                        features.add(new FeatureDefinition(feature, path, channel, type, unit, access,
                                new Range(in.readDouble(), in.readDouble()), in.readBoolean(), in.readUTF()));
                    }
                    return new TwinUpdate.Definition(thing, seq, device, driver, attributes, features);
                }
                case RESPONSE: {
                    String topic = in.readUTF();
                    byte[] corr = new byte[in.readUnsignedShort()];
                    in.readFully(corr);
                    int jsonLength = in.readInt();
                    if (jsonLength < 0 || jsonLength > in.remaining()) {
                        throw new IOException("impossible response length " + jsonLength);
                    }
                    byte[] json = new byte[jsonLength];
                    in.readFully(json);
                    return new PendingResponse(topic, corr, new String(json, java.nio.charset.StandardCharsets.UTF_8));
                }
                default:
                    throw new UndecodableRecordException("unknown queue record format " + tag, null);
            }
        } catch (UndecodableRecordException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UndecodableRecordException("queue record cannot be read: " + e, e);
        }
    }

    /** A constant read through a code table; an unknown code makes the record undecodable. */
    private static <T> T known(T constant, String what) throws IOException {
        if (constant == null) {
            throw new IOException("unknown " + what + " code");
        }
        return constant;
    }

    private static void thing(Out out, ThingId t) {
        out.writeUTF(t.namespace(), "thing namespace");
        out.writeUTF(t.name(), "thing name");
    }

    private static ThingId thing(In in) throws IOException {
        return new ThingId(in.readUTF(), in.readUTF());
    }

    private static void value(Out out, Object v) {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (v instanceof Double || v instanceof Float) {
            out.writeByte(DOUBLE);
            out.writeLong(Double.doubleToLongBits(((Number) v).doubleValue()));
            out.exact &= v instanceof Double;
        } else if (v instanceof Number n) {
            out.writeByte(LONG);
            out.writeLong(n.longValue());
            out.exact &= v instanceof Long;
        } else {
            out.writeByte(STRING);
            out.writeUTF(v.toString(), "text value");
            out.exact &= v instanceof String;
        }
    }

    private static Object value(In in) throws IOException {
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

    /**
     * Writes what {@link java.io.DataOutputStream} writes (big-endian numbers, modified UTF-8 with
     * a two-byte length), byte for byte, into a growing array: no stream, no locks, one pass per
     * string. Runs once per twin update on the uplink's hot path.
     */
    static final class Out {
        private byte[] buf;
        private int size;
        /** Whether every value written reads back as the same type and value (see {@link RecentlyEncoded}). */
        boolean exact = true;

        Out(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(size + more, buf.length * 2));
            }
        }

        void writeByte(int v) {
            ensure(1);
            buf[size++] = (byte) v;
        }

        void writeShort(int v) {
            ensure(2);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
        }

        void writeInt(int v) {
            ensure(4);
            buf[size++] = (byte) (v >>> 24);
            buf[size++] = (byte) (v >>> 16);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
        }

        void writeLong(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[size++] = (byte) (v >>> shift);
            }
        }

        void write(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }

        /**
         * As {@link java.io.DataOutputStream#writeUTF}: modified UTF-8 ('\0' in two bytes, surrogates one by one).
         *
         * @param s     the text
         * @param field what it is, for the refusal when it is too long
         */
        void writeUTF(String s, String field) {
            int n = s.length();
            ensure(2 + n);
            int start = size;
            size += 2;
            int i = 0;
            for (; i < n; i++) { // ASCII fast path
                char c = s.charAt(i);
                if (c == 0 || c >= 0x80) {
                    break;
                }
                buf[size++] = (byte) c;
            }
            for (; i < n; i++) {
                char c = s.charAt(i);
                ensure(3 + (n - i));
                if (c != 0 && c < 0x80) {
                    buf[size++] = (byte) c;
                } else if (c < 0x800) {
                    buf[size++] = (byte) (0xC0 | ((c >> 6) & 0x1F));
                    buf[size++] = (byte) (0x80 | (c & 0x3F));
                } else {
                    buf[size++] = (byte) (0xE0 | ((c >> 12) & 0x0F));
                    buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    buf[size++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            int utflen = size - start - 2;
            if (utflen > MAX_TEXT_BYTES) {
                throw new UnencodableUpdateException("a " + field + " of " + utflen + " bytes exceeds the queue's limit of "
                        + MAX_TEXT_BYTES + " bytes");
            }
            buf[start] = (byte) (utflen >>> 8);
            buf[start + 1] = (byte) utflen;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }

    /** Reads what {@link Out} (or {@link java.io.DataOutputStream}) wrote, with the same errors at the end of the bytes. */
    static final class In {
        private final byte[] buf;
        private int pos;
        /** The string {@link #readRepeatedUTF} returned last, and where its bytes are. */
        private String last;
        private int lastFrom;
        private int lastLength;

        In(byte[] buf) {
            this.buf = buf;
        }

        /** @return bytes not yet read */
        int remaining() {
            return buf.length - pos;
        }

        private void need(int n) throws EOFException {
            if (buf.length - pos < n) {
                throw new EOFException();
            }
        }

        byte readByte() throws EOFException {
            need(1);
            return buf[pos++];
        }

        boolean readBoolean() throws EOFException {
            return readByte() != 0;
        }

        int readUnsignedShort() throws EOFException {
            need(2);
            int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        short readShort() throws EOFException {
            return (short) readUnsignedShort();
        }

        int readInt() throws EOFException {
            need(4);
            int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        long readLong() throws EOFException {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[pos++] & 0xFF);
            }
            return v;
        }

        double readDouble() throws EOFException {
            return Double.longBitsToDouble(readLong());
        }

        void readFully(byte[] b) throws EOFException {
            need(b.length);
            System.arraycopy(buf, pos, b, 0, b.length);
            pos += b.length;
        }

        /**
         * As {@link #readUTF}, but gives back the very string it returned last time when the bytes
         * are the same: the property paths of a record repeat ({@code value} a thousand times).
         */
        String readRepeatedUTF() throws IOException {
            need(2);
            int len = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
            int from = pos + 2;
            if (last != null && len == lastLength && buf.length - from >= len
                    && Arrays.equals(buf, from, from + len, buf, lastFrom, lastFrom + len)) {
                pos = from + len;
                return last;
            }
            String s = readUTF();
            last = s;
            lastFrom = from;
            lastLength = len;
            return s;
        }

        String readUTF() throws IOException {
            int start = pos;
            int len = readUnsignedShort();
            need(len);
            int end = pos + len;
            for (int i = pos; i < end; i++) {
                byte b = buf[i];
                if (b <= 0) { // not plain ASCII (or a '\0' byte, which modified UTF-8 never has): the JDK's decoder
                    pos = end;
                    return DataInputStream.readUTF(new DataInputStream(new ByteArrayInputStream(buf, start, 2 + len)));
                }
            }
            String s = new String(buf, pos, len, java.nio.charset.StandardCharsets.ISO_8859_1);
            pos = end;
            return s;
        }
    }
}
