package org.mviot.edge.driver.modbus.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.mviot.edge.driver.modbus.internal.fuzz.FuzzFrames;

/**
 * Fuzzing of the Modbus codec: any MBAP header is read or refused with {@link ModbusProtocolException};
 * TCP and RTU frames round-trip; any response to any request the driver sends is checked or refused
 * with the codec's exceptions, never anything else. Tries: {@code jqwik.tries.default} in
 * {@code junit-platform.properties}; more with {@code -Djqwik.tries.default=100000}.
 */
class ModbusCodecFuzzTest {

    @Property
    void anyMbapHeaderIsReadWithinTheProtocolLimitsOrRefusedWithTheCodecsException(@ForAll @Size(Mbap.HEADER) byte[] header) {
        try {
            Mbap.Header h = Mbap.header(header);
            assertThat(h.pduLength()).isBetween(1, Mbap.MAX_PDU);
            assertThat(h.unitId()).isBetween(0, 255);
        } catch (ModbusProtocolException e) {
            assertThat(e.getMessage()).startsWith("MBAP ");
        }
    }

    @Property
    void aTcpFrameRoundTrips(@ForAll @IntRange(min = 0, max = 0xFFFF) int transaction, @ForAll @IntRange(min = 0, max = 255) int unit,
                             @ForAll @Size(min = 1, max = Mbap.MAX_PDU) byte[] pdu) throws Exception {
        byte[] frame = Mbap.encode(transaction, unit, pdu);
        Mbap.Header h = Mbap.header(Arrays.copyOf(frame, Mbap.HEADER));
        assertThat(h).isEqualTo(new Mbap.Header(transaction, unit, pdu.length));
        assertThat(Arrays.copyOfRange(frame, Mbap.HEADER, frame.length)).isEqualTo(pdu);
    }

    /** Response PDUs of every shape: reads with their byte count, write echoes, exception responses. */
    @Provide
    Arbitrary<byte[]> responsePdus() {
        Arbitrary<byte[]> reads = Combinators.combine(Arbitraries.of(1, 2, 3, 4, 23), Arbitraries.bytes().array(byte[].class).ofMaxSize(250))
                .as((fc, data) -> FuzzFrames.concat(new byte[] {(byte) (int) fc, (byte) data.length}, data));
        Arbitrary<byte[]> echoes = Combinators.combine(Arbitraries.of(5, 6, 15, 16), Arbitraries.bytes().array(byte[].class).ofSize(4))
                .as((fc, data) -> FuzzFrames.concat(new byte[] {(byte) (int) fc}, data));
        Arbitrary<byte[]> exceptions = Combinators.combine(Arbitraries.integers().between(1, 127), Arbitraries.integers().between(0, 255))
                .as((fc, code) -> new byte[] {(byte) (fc | 0x80), (byte) (int) code});
        return Arbitraries.oneOf(reads, echoes, exceptions);
    }

    @Property
    void anRtuFrameRoundTripsAndItsLengthIsKnownFromItsFirstBytes(@ForAll @IntRange(min = 0, max = 247) int unit,
                                                                 @ForAll("responsePdus") byte[] pdu) throws Exception {
        byte[] frame = Rtu.encode(unit, pdu);
        for (int k = 0; k < frame.length; k++) {
            assertThat(Rtu.expectedLength(frame, k)).as("expected length after %d bytes", k).isIn(-1, frame.length);
        }
        assertThat(Rtu.expectedLength(frame, frame.length)).isEqualTo(frame.length);
        assertThat(Rtu.decode(frame, frame.length, unit)).isEqualTo(pdu);
    }

    @Provide
    Arbitrary<byte[]> requests() {
        return FuzzFrames.requests();
    }

    @Provide
    Arbitrary<byte[]> anyPdus() {
        return Arbitraries.oneOf(responsePdus(), Arbitraries.bytes().array(byte[].class).ofMaxSize(260));
    }

    @Property
    void anyResponseToAnyRequestIsAcceptedAndUnpackedOrRefusedWithTheCodecsExceptions(@ForAll("requests") byte[] request,
                                                                                      @ForAll("anyPdus") byte[] response) {
        try {
            byte[] checked = Pdu.check(request, response);
            int count = ((request[3] & 0xFF) << 8) | (request[4] & 0xFF);
            switch (request[0]) {
                case 1, 2 -> assertThat(Pdu.bits(checked, count)).hasSize(count);
                case 3, 4, 23 -> {
                    int[] regs = Pdu.registers(checked);
                    assertThat(regs).hasSize(count);
                    for (ValueType type : ValueType.values()) {
                        if (type.registers() <= regs.length && type != ValueType.STRING) {
                            ValueCodec.decode(regs, 0, type, WordOrder.ABCD, type.registers(), 0);
                        }
                    }
                }
                default -> assertThat(checked).isSameAs(response);
            }
        } catch (ModbusProtocolException | ModbusExceptionResponse expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property
    void anyBytesAsAnRtuFrameAreDecodedOrRefusedWithTheCodecsException(@ForAll @Size(max = 300) byte[] frame,
                                                                      @ForAll @IntRange(min = 0, max = 247) int unit) {
        int expected = Rtu.expectedLength(frame, frame.length);
        assertThat(expected).isGreaterThanOrEqualTo(-1);
        try {
            byte[] pdu = Rtu.decode(frame, frame.length, unit);
            assertThat(pdu).hasSize(frame.length - 3);
        } catch (ModbusProtocolException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
