package org.mviot.edge.driver.modbus.internal.rtu;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.driver.modbus.internal.codec.Crc16;
import org.mviot.edge.driver.modbus.internal.codec.ModbusExceptionResponse;
import org.mviot.edge.driver.modbus.internal.codec.ModbusProtocolException;
import org.mviot.edge.driver.modbus.internal.codec.Pdu;
import org.mviot.edge.driver.modbus.internal.fuzz.FuzzFrames;
import org.mviot.edge.driver.modbus.internal.fuzz.ScriptedLine;

/**
 * Fuzzing of the RTU receive path as the driver runs it (RtuTransport's receive loop, then the PDU
 * check and unpacking): whatever a peer sends back, in whatever chunks, ends as a PDU or as the codec's
 * exceptions ({@link ModbusProtocolException}, {@link SocketTimeoutException} for silence,
 * {@link ModbusExceptionResponse}); a valid frame comes back whole. Inputs: the seed corpus
 * {@code src/test/resources/fuzz/rtu-responses.txt}, mutations of it and random bytes. Tries:
 * {@code jqwik.tries.default} in {@code junit-platform.properties}; more with {@code -Djqwik.tries.default=100000}.
 */
class RtuReceiveFuzzTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @Provide
    Arbitrary<byte[]> responses() {
        return FuzzFrames.responses();
    }

    @Provide
    Arbitrary<byte[]> requests() {
        return FuzzFrames.requests();
    }

    @Provide
    Arbitrary<byte[]> validFrames() {
        return Arbitraries.of(FuzzFrames.seeds()).filter(f -> f.length >= 4 && Crc16.of(f, 0, f.length - 2)
                == ((f[f.length - 2] & 0xFF) | (f[f.length - 1] & 0xFF) << 8));
    }

    private static RtuTransport transport(ScriptedLine line) {
        SerialTransport serial = new SerialTransport();
        serial.bind(line);
        return new RtuTransport(serial, "/dev/fuzz", LineSettings.of(115200), "fuzz", Duration.ofSeconds(1));
    }

    @Property
    void whateverAPeerAnswersEndsAsAPduOrTheCodecsExceptions(@ForAll("requests") byte[] request, @ForAll("responses") byte[] response,
                                                            @ForAll @IntRange(min = 1, max = 300) int chunk) throws Exception {
        RtuTransport t = transport(new ScriptedLine(response, chunk));
        try {
            byte[] pdu = Pdu.check(request, t.request(1, request, TIMEOUT));
            int fc = request[0];
            if (fc == 1 || fc == 2) {
                assertThat(Pdu.bits(pdu, ((request[3] & 0xFF) << 8) | (request[4] & 0xFF))).isNotNull();
            } else if (fc == 3 || fc == 4 || fc == 23) {
                assertThat(Pdu.registers(pdu)).hasSize(((request[3] & 0xFF) << 8) | (request[4] & 0xFF));
            }
        } catch (ModbusProtocolException | SocketTimeoutException | ModbusExceptionResponse expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property
    void aValidFrameInAnyChunksComesBackWhole(@ForAll("validFrames") byte[] frame, @ForAll @IntRange(min = 1, max = 20) int chunk) throws Exception {
        RtuTransport t = transport(new ScriptedLine(frame, chunk));
        assertThat(t.request(frame[0] & 0xFF, new byte[] {3, 0, 0, 0, 1}, TIMEOUT)).isEqualTo(Arrays.copyOfRange(frame, 1, frame.length - 2));
    }

    @Example
    void aByteCountBeyondTheReceiveBufferIsAProtocolErrorNotAnOverflow() {
        byte[] start = {1, 3, (byte) 0xFF};
        byte[] answer = FuzzFrames.concat(start, new byte[300]);
        RtuTransport t = transport(new ScriptedLine(answer, 64));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.request(1, Pdu.read(
                org.mviot.edge.driver.modbus.internal.codec.FunctionCode.READ_HOLDING_REGISTERS, 0, 125), TIMEOUT))
                .isInstanceOf(ModbusProtocolException.class).hasMessage("frame longer than 256 bytes");
    }
}
