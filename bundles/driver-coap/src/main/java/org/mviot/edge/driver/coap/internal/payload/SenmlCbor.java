package org.mviot.edge.driver.coap.internal.payload;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * SenML in CBOR (RFC 8428 §6; Content-Format 112): reads the CBOR (RFC 8949) a SenML pack uses and
 * hands it on as the JSON form with the labels named ({@code 0} → {@code n}, {@code -2} →
 * {@code bn}...), so {@link SenmlPack} resolves both the same way; writes one record.
 *
 * <p>Hand-written, on purpose: a SenML pack needs unsigned and negative integers, text and byte
 * strings, arrays, maps and half/single/double floats, about 150 lines; a general CBOR library
 * (Jackson's CBOR module, cbor-java) would have to be embedded too, several times this bundle's own
 * code, for a subset this small. Indefinite lengths are refused (constrained devices send definite
 * ones); nesting is limited to {@value #MAX_DEPTH}; every length is checked against the bytes left.
 */
public final class SenmlCbor {

    private static final int MAX_DEPTH = 8;
    private static final Map<Long, String> LABELS = Map.ofEntries(Map.entry(-1L, "bver"), Map.entry(-2L, "bn"), Map.entry(-3L, "bt"),
            Map.entry(-4L, "bu"), Map.entry(-5L, "bv"), Map.entry(-6L, "bs"), Map.entry(0L, "n"), Map.entry(1L, "u"), Map.entry(2L, "v"),
            Map.entry(3L, "vs"), Map.entry(4L, "vb"), Map.entry(5L, "s"), Map.entry(6L, "t"), Map.entry(7L, "ut"), Map.entry(8L, "vd"));

    private final byte[] in;
    private int at;

    private SenmlCbor(byte[] in) {
        this.in = in;
    }

    /**
     * @param bytes a SenML CBOR pack
     * @return the same pack in SenML JSON's form
     * @throws MalformedPayloadException when it is not well-formed CBOR, or has data after the pack
     */
    public static JsonElement toJson(byte[] bytes) throws MalformedPayloadException {
        SenmlCbor r = new SenmlCbor(bytes);
        JsonElement e = r.item(0, false);
        if (r.at != bytes.length) {
            throw new MalformedPayloadException("CBOR: " + (bytes.length - r.at) + " bytes after the pack");
        }
        return e;
    }

    private JsonElement item(int depth, boolean key) throws MalformedPayloadException {
        if (depth > MAX_DEPTH) {
            throw new MalformedPayloadException("CBOR nested deeper than " + MAX_DEPTH);
        }
        int head = next();
        int major = head >>> 5;
        int info = head & 0x1f;
        if (major == 7) {
            return simple(info);
        }
        if (info == 31) {
            throw new MalformedPayloadException("CBOR indefinite length at byte " + (at - 1) + " is not supported");
        }
        BigInteger n = argument(info);
        switch (major) {
            case 0:
                return key ? label(n) : new JsonPrimitive(new BigDecimal(n));
            case 1:
                BigInteger negative = BigInteger.ONE.negate().subtract(n);
                return key ? label(negative) : new JsonPrimitive(new BigDecimal(negative));
            case 2:
                return new JsonPrimitive(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(n)));
            case 3:
                try {
                    return new JsonPrimitive(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(bytes(n))).toString());
                } catch (CharacterCodingException e) {
                    throw new MalformedPayloadException("CBOR text string is not UTF-8");
                }
            case 4:
                JsonArray a = new JsonArray();
                for (long i = 0, count = count(n, 1); i < count; i++) {
                    a.add(item(depth + 1, false));
                }
                return a;
            case 5:
                JsonObject o = new JsonObject();
                for (long i = 0, count = count(n, 2); i < count; i++) {
                    JsonElement k = item(depth + 1, true);
                    if (!(k instanceof JsonPrimitive key0) || key0.isBoolean()) {
                        throw new MalformedPayloadException("CBOR map key is not a SenML label or text");
                    }
                    o.add(key0.getAsString(), item(depth + 1, false));
                }
                return o;
            default: // 6: a tag; SenML uses none that change the value
                return item(depth + 1, key);
        }
    }

    private static JsonPrimitive label(BigInteger n) {
        String name = n.bitLength() < 63 ? LABELS.get(n.longValue()) : null;
        return new JsonPrimitive(name == null ? "label " + n : name);
    }

    private JsonElement simple(int info) throws MalformedPayloadException {
        switch (info) {
            case 20:
                return new JsonPrimitive(false);
            case 21:
                return new JsonPrimitive(true);
            case 22:
                return JsonNull.INSTANCE;
            case 25:
                return number(half((int) argument(25).longValue()));
            case 26:
                return number(Float.intBitsToFloat((int) argument(26).longValue()));
            case 27:
                return number(Double.longBitsToDouble(argument(27).longValue()));
            default:
                throw new MalformedPayloadException("CBOR simple value " + info + " is not used by SenML");
        }
    }

    private static JsonPrimitive number(double d) throws MalformedPayloadException {
        if (!Double.isFinite(d)) {
            throw new MalformedPayloadException("CBOR float is not finite");
        }
        return new JsonPrimitive(new BigDecimal(Double.toString(d)));
    }

    private static double half(int bits) {
        int exp = (bits >> 10) & 0x1f;
        int mant = bits & 0x3ff;
        double v = exp == 0 ? mant * Math.pow(2, -24) : exp == 31 ? (mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                : (mant + 1024) * Math.pow(2, exp - 25);
        return (bits & 0x8000) != 0 ? -v : v;
    }

    private BigInteger argument(int info) throws MalformedPayloadException {
        if (info < 24) {
            return BigInteger.valueOf(info);
        }
        int size = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> throw new MalformedPayloadException("CBOR reserved additional information " + info + " at byte " + (at - 1));
        };
        BigInteger v = BigInteger.ZERO;
        for (int i = 0; i < size; i++) {
            v = v.shiftLeft(8).or(BigInteger.valueOf(next()));
        }
        return v;
    }

    /** A count of items, each at least {@code minBytes} long: more than the bytes left is refused before anything is allocated. */
    private long count(BigInteger n, int minBytes) throws MalformedPayloadException {
        if (n.compareTo(BigInteger.valueOf((long) (in.length - at) / minBytes)) > 0) {
            throw new MalformedPayloadException("CBOR length " + n + " exceeds the " + (in.length - at) + " bytes left");
        }
        return n.longValue();
    }

    private byte[] bytes(BigInteger n) throws MalformedPayloadException {
        int len = (int) count(n, 1);
        byte[] b = java.util.Arrays.copyOfRange(in, at, at + len);
        at += len;
        return b;
    }

    private int next() throws MalformedPayloadException {
        if (at >= in.length) {
            throw new MalformedPayloadException("CBOR ends early at byte " + at);
        }
        return in[at++] & 0xff;
    }

    /**
     * @param name  the record's name
     * @param value a Boolean, Long, Double or String
     * @return {@code [{0: name, 2|4|3: value}]} in CBOR
     */
    public static byte[] record(String name, Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x81); // array of 1
        out.write(0xa2); // map of 2
        out.write(0x00); // n
        text(out, name);
        if (value instanceof Boolean b) {
            out.write(0x04);
            out.write(b ? 0xf5 : 0xf4);
        } else if (value instanceof Number n) {
            out.write(0x02);
            out.write(0xfb);
            long bits = Double.doubleToLongBits(n.doubleValue());
            for (int i = 7; i >= 0; i--) {
                out.write((int) (bits >>> (8 * i)));
            }
        } else {
            out.write(0x03);
            text(out, String.valueOf(value));
        }
        return out.toByteArray();
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length < 24) {
            out.write(0x60 | b.length);
        } else if (b.length < 256) {
            out.write(0x78);
            out.write(b.length);
        } else {
            out.write(0x79);
            out.write(b.length >>> 8);
            out.write(b.length);
        }
        out.writeBytes(b);
    }
}
