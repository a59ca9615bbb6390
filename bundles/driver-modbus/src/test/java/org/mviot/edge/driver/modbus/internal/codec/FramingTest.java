package org.mviot.edge.driver.modbus.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class FramingTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void aSingleRegisterWriteAnsweredWithAnotherValueNamesBothValues() {
        byte[] request = Pdu.writeSingleRegister(900, 1500);
        byte[] clamped = Pdu.writeSingleRegister(900, 1000);
        assertThatThrownBy(() -> Pdu.check(request, clamped)).isInstanceOf(ModbusProtocolException.class)
                .hasMessageStartingWith("write of 1500 to address 900 answered with 1000");
        byte[] elsewhere = Pdu.writeSingleRegister(901, 1500);
        assertThatThrownBy(() -> Pdu.check(request, elsewhere)).hasMessage("write response does not echo the request");
    }

    @Test
    void computesTheCrcOfTheSpecificationExample() {
        // read holding registers 0..1 of unit 1: the well-known frame 01 03 00 00 00 01 84 0A
        byte[] frame = Rtu.encode(1, Pdu.read(FunctionCode.READ_HOLDING_REGISTERS, 0, 1));
        assertThat(HEX.formatHex(frame)).isEqualTo("010300000001840a");
    }

    @Test
    void decodesAnRtuFrameWithAGoodCrc() throws Exception {
        byte[] frame = Rtu.encode(17, new byte[] {3, 2, 0x12, 0x34});
        assertThat(Rtu.expectedLength(frame, 3)).isEqualTo(frame.length);
        assertThat(Rtu.decode(frame, frame.length, 17)).containsExactly(3, 2, 0x12, 0x34);
    }

    @Test
    void rejectsAnRtuFrameWithACorruptedCrc() {
        byte[] frame = Rtu.encode(17, new byte[] {3, 2, 0x12, 0x34});
        frame[3] ^= 0x01;
        assertThatThrownBy(() -> Rtu.decode(frame, frame.length, 17)).isInstanceOf(ModbusProtocolException.class)
                .hasMessageContaining("CRC");
    }

    @Test
    void rejectsAnRtuFrameFromAnotherUnit() {
        byte[] frame = Rtu.encode(5, new byte[] {6, 0, 1, 0, 2});
        assertThatThrownBy(() -> Rtu.decode(frame, frame.length, 4)).hasMessageContaining("unit 5 answered, unit 4 was asked");
    }

    @Test
    void knowsTheLengthOfAnExceptionFrameFromItsFunctionByte() {
        byte[] frame = Rtu.encode(1, new byte[] {(byte) 0x83, 2});
        assertThat(Rtu.expectedLength(frame, 2)).isEqualTo(5);
    }

    @Test
    void framesAnMbapRequestWithTransactionIdLengthAndUnit() throws Exception {
        byte[] frame = Mbap.encode(0x1234, 7, Pdu.read(FunctionCode.READ_INPUT_REGISTERS, 100, 10));
        assertThat(HEX.formatHex(frame)).isEqualTo("12340000000607" + "0400640" + "00a");
        Mbap.Header h = Mbap.header(frame);
        assertThat(h).isEqualTo(new Mbap.Header(0x1234, 7, 5));
    }

    @Test
    void rejectsAnMbapHeaderWithAForeignProtocolId() {
        byte[] frame = Mbap.encode(1, 1, new byte[] {3, 0, 0, 0, 1});
        frame[3] = 1;
        assertThatThrownBy(() -> Mbap.header(frame)).isInstanceOf(ModbusProtocolException.class).hasMessageContaining("protocol id");
    }

    @Test
    void buildsEveryFunctionsRequest() {
        assertThat(HEX.formatHex(Pdu.read(FunctionCode.READ_COILS, 19, 37))).isEqualTo("0100130025");
        assertThat(HEX.formatHex(Pdu.read(FunctionCode.READ_DISCRETE_INPUTS, 196, 22))).isEqualTo("0200c40016");
        assertThat(HEX.formatHex(Pdu.read(FunctionCode.READ_HOLDING_REGISTERS, 107, 3))).isEqualTo("03006b0003");
        assertThat(HEX.formatHex(Pdu.read(FunctionCode.READ_INPUT_REGISTERS, 8, 1))).isEqualTo("0400080001");
        assertThat(HEX.formatHex(Pdu.writeSingleCoil(172, true))).isEqualTo("0500acff00");
        assertThat(HEX.formatHex(Pdu.writeSingleRegister(1, 3))).isEqualTo("0600010003");
        assertThat(HEX.formatHex(Pdu.writeMultipleCoils(19, new boolean[] {true, false, true, true, false, false, true, true, true, false})))
                .isEqualTo("0f0013000a02cd01");
        assertThat(HEX.formatHex(Pdu.writeMultipleRegisters(1, new int[] {0x000A, 0x0102}))).isEqualTo("100001000204000a0102");
    }

    @Test
    void refusesReadsOverTheProtocolLimits() {
        assertThatThrownBy(() -> Pdu.read(FunctionCode.READ_HOLDING_REGISTERS, 0, 126)).hasMessageContaining("1..125");
        assertThatThrownBy(() -> Pdu.read(FunctionCode.READ_COILS, 0, 2001)).hasMessageContaining("1..2000");
        assertThatThrownBy(() -> Pdu.read(FunctionCode.READ_HOLDING_REGISTERS, 65535, 2)).hasMessageContaining("outside 0..65535");
    }

    @Test
    void unpacksBitsAndRegistersOfCheckedResponses() throws Exception {
        byte[] bits = Pdu.check(Pdu.read(FunctionCode.READ_COILS, 0, 10), new byte[] {1, 2, (byte) 0xCD, 0x01});
        assertThat(Pdu.bits(bits, 10)).containsExactly(true, false, true, true, false, false, true, true, true, false);
        byte[] regs = Pdu.check(Pdu.read(FunctionCode.READ_HOLDING_REGISTERS, 0, 2), new byte[] {3, 4, 0x02, 0x2B, (byte) 0xFF, (byte) 0xFE});
        assertThat(Pdu.registers(regs)).containsExactly(0x022B, 0xFFFE);
    }

    @Test
    void mapsEveryExceptionResponseToItsName() {
        String[] names = {"ILLEGAL_FUNCTION", "ILLEGAL_DATA_ADDRESS", "ILLEGAL_DATA_VALUE", "SERVER_DEVICE_FAILURE", "ACKNOWLEDGE",
            "SERVER_DEVICE_BUSY", "UNKNOWN_EXCEPTION_7", "MEMORY_PARITY_ERROR", "UNKNOWN_EXCEPTION_9", "GATEWAY_PATH_UNAVAILABLE",
            "GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND"};
        for (int code = 1; code <= 11; code++) {
            int c = code;
            assertThatThrownBy(() -> Pdu.check(Pdu.read(FunctionCode.READ_HOLDING_REGISTERS, 0, 1), new byte[] {(byte) 0x83, (byte) c}))
                    .isInstanceOfSatisfying(ModbusExceptionResponse.class, e -> {
                        assertThat(e.exceptionName()).isEqualTo(names[c - 1]);
                        assertThat(e.getMessage()).startsWith(names[c - 1]).contains("function 3");
                    });
        }
    }

    @Test
    void rejectsAResponseWhoseByteCountDoesNotFitTheRequest() {
        assertThatThrownBy(() -> Pdu.check(Pdu.read(FunctionCode.READ_HOLDING_REGISTERS, 0, 2), new byte[] {3, 2, 0, 1}))
                .isInstanceOf(ModbusProtocolException.class).hasMessageContaining("expected 4");
    }

    @Test
    void rejectsAWriteResponseThatDoesNotEchoTheRequest() {
        assertThatThrownBy(() -> Pdu.check(Pdu.writeSingleRegister(1, 3), new byte[] {6, 0, 1, 0, 4}))
                .isInstanceOf(ModbusProtocolException.class);
        assertThatThrownBy(() -> Pdu.check(Pdu.writeSingleRegister(1, 3), new byte[] {3, 2, 0, 1}))
                .hasMessageContaining("function 3, the request had 6");
    }
}
