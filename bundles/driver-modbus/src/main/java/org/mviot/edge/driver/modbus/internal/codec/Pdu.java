package org.mviot.edge.driver.modbus.internal.codec;

/**
 * Builds request PDUs (function code and data, without unit id or framing) and checks and unpacks
 * response PDUs. Protocol limits: 2000 bits or 125 registers per read, 1968 coils or 123 registers
 * per multiple write; function 23 reads up to 125 and writes up to 121 registers.
 */
public final class Pdu {

    /** Most bits one read returns. */
    public static final int MAX_READ_BITS = 2000;
    /** Most registers one read returns. */
    public static final int MAX_READ_REGISTERS = 125;
    /** Most coils one write-multiple sets. */
    public static final int MAX_WRITE_BITS = 1968;
    /** Most registers one write-multiple sets. */
    public static final int MAX_WRITE_REGISTERS = 123;
    /**
     * Most registers function 23 writes: its request carries a read address and count on top of
     * what function 16 sends, so 121 registers (10 + 242 bytes) fill the 253-byte PDU.
     */
    public static final int MAX_READ_WRITE_REGISTERS = 121;

    private Pdu() {
    }

    /**
     * @param function one of the four read functions
     * @param address  first address, 0..65535
     * @param count    how many bits or registers
     * @return the request PDU
     */
    public static byte[] read(FunctionCode function, int address, int count) {
        boolean bits = function == FunctionCode.READ_COILS || function == FunctionCode.READ_DISCRETE_INPUTS;
        int max = bits ? MAX_READ_BITS : MAX_READ_REGISTERS;
        if (!bits && function != FunctionCode.READ_HOLDING_REGISTERS && function != FunctionCode.READ_INPUT_REGISTERS) {
            throw new IllegalArgumentException(function + " is not a read");
        }
        checkRange(address, count, max);
        return new byte[] {(byte) function.code(), hi(address), lo(address), hi(count), lo(count)};
    }

    /**
     * @param address coil address
     * @param on      the state
     * @return the request PDU of function 5
     */
    public static byte[] writeSingleCoil(int address, boolean on) {
        checkRange(address, 1, 1);
        return new byte[] {5, hi(address), lo(address), (byte) (on ? 0xFF : 0), 0};
    }

    /**
     * @param address register address
     * @param value   16-bit value
     * @return the request PDU of function 6
     */
    public static byte[] writeSingleRegister(int address, int value) {
        checkRange(address, 1, 1);
        return new byte[] {6, hi(address), lo(address), hi(value), lo(value)};
    }

    /**
     * @param address first coil
     * @param values  coil states
     * @return the request PDU of function 15
     */
    public static byte[] writeMultipleCoils(int address, boolean[] values) {
        checkRange(address, values.length, MAX_WRITE_BITS);
        int n = (values.length + 7) / 8;
        byte[] pdu = new byte[6 + n];
        pdu[0] = 15;
        pdu[1] = hi(address);
        pdu[2] = lo(address);
        pdu[3] = hi(values.length);
        pdu[4] = lo(values.length);
        pdu[5] = (byte) n;
        for (int i = 0; i < values.length; i++) {
            if (values[i]) {
                pdu[6 + i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return pdu;
    }

    /**
     * @param address   first register
     * @param registers 16-bit values
     * @return the request PDU of function 16
     */
    public static byte[] writeMultipleRegisters(int address, int[] registers) {
        checkRange(address, registers.length, MAX_WRITE_REGISTERS);
        byte[] pdu = new byte[6 + 2 * registers.length];
        pdu[0] = 16;
        pdu[1] = hi(address);
        pdu[2] = lo(address);
        pdu[3] = hi(registers.length);
        pdu[4] = lo(registers.length);
        pdu[5] = (byte) (2 * registers.length);
        for (int i = 0; i < registers.length; i++) {
            pdu[6 + 2 * i] = hi(registers[i]);
            pdu[7 + 2 * i] = lo(registers[i]);
        }
        return pdu;
    }

    /**
     * Function 23: the server writes the registers first, then reads, and answers with the
     * registers read.
     *
     * @param readAddress  first register to read
     * @param readCount    registers to read, 1..125
     * @param writeAddress first register to write
     * @param registers    16-bit values to write, 1..121 of them
     * @return the request PDU of function 23
     */
    public static byte[] readWriteMultipleRegisters(int readAddress, int readCount, int writeAddress, int[] registers) {
        checkRange(readAddress, readCount, MAX_READ_REGISTERS);
        checkRange(writeAddress, registers.length, MAX_READ_WRITE_REGISTERS);
        byte[] pdu = new byte[10 + 2 * registers.length];
        pdu[0] = 23;
        pdu[1] = hi(readAddress);
        pdu[2] = lo(readAddress);
        pdu[3] = hi(readCount);
        pdu[4] = lo(readCount);
        pdu[5] = hi(writeAddress);
        pdu[6] = lo(writeAddress);
        pdu[7] = hi(registers.length);
        pdu[8] = lo(registers.length);
        pdu[9] = (byte) (2 * registers.length);
        for (int i = 0; i < registers.length; i++) {
            pdu[10 + 2 * i] = hi(registers[i]);
            pdu[11 + 2 * i] = lo(registers[i]);
        }
        return pdu;
    }

    /**
     * Checks that a response answers a request and returns it unchanged.
     *
     * @param request  the request PDU
     * @param response the response PDU
     * @return the response
     * @throws ModbusExceptionResponse when the server answered with an exception
     * @throws ModbusProtocolException when the response does not fit the request
     */
    public static byte[] check(byte[] request, byte[] response) throws ModbusExceptionResponse, ModbusProtocolException {
        int fc = request[0] & 0xFF;
        if (response.length < 2) {
            throw new ModbusProtocolException("response of " + response.length + " bytes is too short");
        }
        int rfc = response[0] & 0xFF;
        if (rfc == (fc | 0x80)) {
            throw new ModbusExceptionResponse(fc, response[1] & 0xFF);
        }
        if (rfc != fc) {
            throw new ModbusProtocolException("response has function " + rfc + ", the request had " + fc);
        }
        switch (fc) {
            case 1, 2 -> {
                int count = u16(request, 3);
                int bytes = (count + 7) / 8;
                if ((response[1] & 0xFF) != bytes || response.length != 2 + bytes) {
                    throw new ModbusProtocolException("read of " + count + " bits answered with " + (response.length - 2)
                            + " data bytes (byte count " + (response[1] & 0xFF) + "), expected " + bytes);
                }
            }
            case 3, 4, 23 -> {
                // function 23 answers like a read: byte count, then the registers read (its read count sits where 3 and 4 keep theirs)
                int count = u16(request, 3);
                if ((response[1] & 0xFF) != 2 * count || response.length != 2 + 2 * count) {
                    throw new ModbusProtocolException((fc == 23 ? "read/write" : "read") + " of " + count + " registers answered with "
                            + (response.length - 2)
                            + " data bytes (byte count " + (response[1] & 0xFF) + "), expected " + 2 * count);
                }
            }
            case 5, 6 -> {
                if (response.length != 5 || !sameBytes(request, response, 5)) {
                    if (fc == 6 && response.length == 5 && sameBytes(request, response, 3)) {
                        // same function and address, another value: the device kept something else than it was sent
                        throw new ModbusProtocolException("write of " + u16(request, 3) + " to address " + u16(request, 1)
                                + " answered with " + u16(response, 3) + " (a write response echoes the value written: the device "
                                + "may have clamped or refused it; \"write\": \"read-back\" reports the value held)");
                    }
                    throw new ModbusProtocolException("write response does not echo the request");
                }
            }
            case 15, 16 -> {
                if (response.length != 5 || !sameBytes(request, response, 5)) {
                    throw new ModbusProtocolException("write response does not echo address and count");
                }
            }
            default -> throw new ModbusProtocolException("unsupported function " + fc);
        }
        return response;
    }

    /**
     * @param response a checked response of function 1 or 2
     * @param count    bits requested
     * @return the bits
     */
    public static boolean[] bits(byte[] response, int count) {
        boolean[] out = new boolean[count];
        for (int i = 0; i < count; i++) {
            out[i] = (response[2 + i / 8] & (1 << (i % 8))) != 0;
        }
        return out;
    }

    /**
     * @param response a checked response of function 3, 4 or 23
     * @return the registers, each 0..65535
     */
    public static int[] registers(byte[] response) {
        int n = (response.length - 2) / 2;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = u16(response, 2 + 2 * i);
        }
        return out;
    }

    /**
     * The length of a complete response PDU, as far as the bytes seen so far tell (for RTU, which
     * has no length field).
     *
     * @param pdu    bytes of the response PDU received so far
     * @param length how many are valid
     * @return the full PDU length, or -1 when more bytes are needed to tell
     */
    public static int expectedLength(byte[] pdu, int length) {
        if (length < 1) {
            return -1;
        }
        int fc = pdu[0] & 0xFF;
        if ((fc & 0x80) != 0) {
            return 2;
        }
        return switch (fc) {
            case 1, 2, 3, 4, 23 -> length < 2 ? -1 : 2 + (pdu[1] & 0xFF);
            case 5, 6, 15, 16 -> 5;
            default -> 2; // unknown function: give up after the shortest frame, the check names it
        };
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static boolean sameBytes(byte[] a, byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    private static void checkRange(int address, int count, int max) {
        if (count < 1 || count > max) {
            throw new IllegalArgumentException("count " + count + " is outside 1.." + max);
        }
        if (address < 0 || address + count - 1 > 0xFFFF) {
            throw new IllegalArgumentException("addresses " + address + ".." + (address + count - 1) + " are outside 0..65535");
        }
    }

    private static byte hi(int v) {
        return (byte) (v >>> 8);
    }

    private static byte lo(int v) {
        return (byte) v;
    }
}
