package org.mviot.edge.driver.modbus.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** Function 23 (read/write multiple registers): request building, response checking and unpacking, RTU length. */
class ReadWriteMultipleRegistersTest {

    private static final HexFormat HEX = HexFormat.of();

    /** The specification's example: read 6 registers from 3, write 3 registers (0x00FF each) at 14. */
    private static final byte[] SPEC_REQUEST = Pdu.readWriteMultipleRegisters(3, 6, 14, new int[] {0x00FF, 0x00FF, 0x00FF});
    private static final byte[] SPEC_RESPONSE = HEX.parseHex("170c00fe0acd00010003000d00ff");

    @Test
    void buildsTheSpecificationsExampleRequest() {
        assertThat(HEX.formatHex(SPEC_REQUEST)).isEqualTo("17" + "0003" + "0006" + "000e" + "0003" + "06" + "00ff00ff00ff");
    }

    @Test
    void unpacksTheRegistersReadFromTheSpecificationsExampleResponse() throws Exception {
        byte[] checked = Pdu.check(SPEC_REQUEST, SPEC_RESPONSE);
        assertThat(Pdu.registers(checked)).containsExactly(0x00FE, 0x0ACD, 0x0001, 0x0003, 0x000D, 0x00FF);
    }

    @Test
    void writesUpTo121RegistersAndRefusesMore() {
        assertThat(Pdu.readWriteMultipleRegisters(0, 125, 0, new int[121])).hasSize(10 + 242);
        assertThatThrownBy(() -> Pdu.readWriteMultipleRegisters(0, 1, 0, new int[122])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count 122 is outside 1..121");
        assertThatThrownBy(() -> Pdu.readWriteMultipleRegisters(0, 1, 0, new int[0])).hasMessageContaining("outside 1..121");
    }

    @Test
    void readsUpTo125RegistersAndRefusesMore() {
        assertThatThrownBy(() -> Pdu.readWriteMultipleRegisters(0, 126, 0, new int[1])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count 126 is outside 1..125");
    }

    @Test
    void refusesAddressRangesPastTheLastRegister() {
        assertThatThrownBy(() -> Pdu.readWriteMultipleRegisters(65535, 2, 0, new int[1])).hasMessageContaining("65535..65536 are outside");
        assertThatThrownBy(() -> Pdu.readWriteMultipleRegisters(0, 1, 65534, new int[3])).hasMessageContaining("65534..65536 are outside");
    }

    @Test
    void rejectsAResponseWhoseByteCountDoesNotMatchTheReadCount() {
        // 6 registers asked, the byte count says 10 and 10 bytes follow
        byte[] response = HEX.parseHex("170a00fe0acd00010003000d");
        assertThatThrownBy(() -> Pdu.check(SPEC_REQUEST, response)).isInstanceOf(ModbusProtocolException.class)
                .hasMessage("read/write of 6 registers answered with 10 data bytes (byte count 10), expected 12");
    }

    @Test
    void rejectsATruncatedResponse() {
        // the byte count is right (12), but the frame stops after 8 data bytes
        byte[] response = HEX.parseHex("170c00fe0acd00010003");
        assertThatThrownBy(() -> Pdu.check(SPEC_REQUEST, response)).isInstanceOf(ModbusProtocolException.class)
                .hasMessage("read/write of 6 registers answered with 8 data bytes (byte count 12), expected 12");
    }

    @Test
    void rejectsAResponseWithBytesAfterTheRegisters() {
        byte[] response = HEX.parseHex("170c00fe0acd00010003000d00ff0000");
        assertThatThrownBy(() -> Pdu.check(SPEC_REQUEST, response)).isInstanceOf(ModbusProtocolException.class)
                .hasMessageContaining("answered with 14 data bytes");
    }

    @Test
    void rejectsAResponseWithOnlyAFunctionByte() {
        assertThatThrownBy(() -> Pdu.check(SPEC_REQUEST, new byte[] {23})).isInstanceOf(ModbusProtocolException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void rejectsAnAnswerToAnotherFunction() {
        assertThatThrownBy(() -> Pdu.check(SPEC_REQUEST, HEX.parseHex("030c00fe0acd00010003000d00ff")))
                .isInstanceOf(ModbusProtocolException.class).hasMessage("response has function 3, the request had 23");
    }

    @Test
    void namesTheExceptionOfAnExceptionResponseToFunction23() {
        assertThatThrownBy(() -> Pdu.check(SPEC_REQUEST, HEX.parseHex("9702"))).isInstanceOfSatisfying(ModbusExceptionResponse.class, e -> {
            assertThat(e.exceptionName()).isEqualTo("ILLEGAL_DATA_ADDRESS");
            assertThat(e.function()).isEqualTo(23);
            assertThat(e.getMessage()).isEqualTo("ILLEGAL_DATA_ADDRESS (exception 2 to function 23)");
        });
    }

    @Test
    void knowsTheLengthOfAnRtuResponseFromItsByteCount() {
        byte[] frame = Rtu.encode(1, SPEC_RESPONSE);
        assertThat(Pdu.expectedLength(SPEC_RESPONSE, 1)).isEqualTo(-1);
        assertThat(Pdu.expectedLength(SPEC_RESPONSE, 2)).isEqualTo(14);
        assertThat(Rtu.expectedLength(frame, 3)).isEqualTo(frame.length);
    }

    @Test
    void speaksFunction23() {
        assertThat(FunctionCode.of(23)).isEqualTo(FunctionCode.READ_WRITE_MULTIPLE_REGISTERS);
    }
}
