package org.mviot.edge.driver.modbus.internal.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.mviot.edge.driver.modbus.internal.codec.FunctionCode;
import org.mviot.edge.driver.modbus.internal.codec.Pdu;

/**
 * What the Modbus fuzz tests feed the codec and the transports: the committed seed corpus of real
 * response frames ({@code src/test/resources/fuzz/rtu-responses.txt}), mutations of them, random
 * bytes, and the requests those responses answer.
 */
public final class FuzzFrames {

    private FuzzFrames() {
    }

    /** @return the seed frames, in file order */
    public static List<byte[]> seeds() {
        try (InputStream in = FuzzFrames.class.getResourceAsStream("/fuzz/rtu-responses.txt")) {
            List<byte[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(HexFormat.ofDelimiter(" ").parseHex(line.strip()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("seed corpus fuzz/rtu-responses.txt", e);
        }
    }

    /** @return requests of every function the driver sends, with the counts the seed frames answer */
    public static Arbitrary<byte[]> requests() {
        return Arbitraries.of(
                Pdu.read(FunctionCode.READ_HOLDING_REGISTERS, 0, 2),
                Pdu.read(FunctionCode.READ_INPUT_REGISTERS, 0, 1),
                Pdu.read(FunctionCode.READ_COILS, 0, 10),
                Pdu.read(FunctionCode.READ_DISCRETE_INPUTS, 0, 10),
                Pdu.read(FunctionCode.READ_HOLDING_REGISTERS, 0, 125),
                Pdu.writeSingleRegister(600, 4242),
                Pdu.writeSingleCoil(50, true),
                Pdu.writeMultipleRegisters(600, new int[] {0, 4242}),
                Pdu.writeMultipleCoils(0, new boolean[] {true, false, true}),
                Pdu.readWriteMultipleRegisters(0, 2, 600, new int[] {0, 4242}));
    }

    /** @return seed frames changed in one of several ways: a bit flipped, cut short, repeated, noise inserted or appended */
    public static Arbitrary<byte[]> mutatedSeeds() {
        return Combinators.combine(Arbitraries.of(seeds()), Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 10_000),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40)).as(FuzzFrames::mutate);
    }

    /** @return random bytes, mutated seeds, and seeds as they are */
    public static Arbitrary<byte[]> responses() {
        return Arbitraries.frequencyOf(Tuple.of(4, mutatedSeeds()), Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
                Tuple.of(1, Arbitraries.of(seeds())));
    }

    private static byte[] mutate(byte[] seed, int op, int where, byte[] noise) {
        int at = seed.length == 0 ? 0 : where % seed.length;
        return switch (op) {
            case 0 -> {
                byte[] f = seed.clone();
                f[at] ^= (byte) (1 << (where % 8));
                yield f;
            }
            case 1 -> Arrays.copyOf(seed, at);
            case 2 -> concat(seed, seed);
            case 3 -> concat(Arrays.copyOf(seed, at), noise, Arrays.copyOfRange(seed, at, seed.length));
            case 4 -> concat(seed, noise);
            default -> concat(noise, seed);
        };
    }

    /** @return the parts one after the other */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
