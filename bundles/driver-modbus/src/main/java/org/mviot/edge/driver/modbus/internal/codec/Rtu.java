package org.mviot.edge.driver.modbus.internal.codec;

import java.util.Arrays;

/** Modbus RTU framing: unit id, PDU, CRC-16 low byte first. */
public final class Rtu {

    private Rtu() {
    }

    /**
     * @param unitId 0 (broadcast) .. 247
     * @param pdu    the PDU
     * @return the frame
     */
    public static byte[] encode(int unitId, byte[] pdu) {
        byte[] f = new byte[pdu.length + 3];
        f[0] = (byte) unitId;
        System.arraycopy(pdu, 0, f, 1, pdu.length);
        int crc = Crc16.of(f, 0, pdu.length + 1);
        f[pdu.length + 1] = (byte) crc;
        f[pdu.length + 2] = (byte) (crc >>> 8);
        return f;
    }

    /**
     * @param frame  bytes received so far
     * @param length how many are valid
     * @return the full frame length, or -1 when more bytes are needed to tell
     */
    public static int expectedLength(byte[] frame, int length) {
        if (length < 2) {
            return -1;
        }
        int pdu = Pdu.expectedLength(Arrays.copyOfRange(frame, 1, length), length - 1);
        return pdu < 0 ? -1 : pdu + 3;
    }

    /**
     * @param frame  a complete frame
     * @param length its length
     * @param unitId the unit that was asked
     * @return the PDU
     * @throws ModbusProtocolException when the CRC is wrong, the frame too short, or another unit answered
     */
    public static byte[] decode(byte[] frame, int length, int unitId) throws ModbusProtocolException {
        if (length < 4) {
            throw new ModbusProtocolException("RTU frame of " + length + " bytes is too short");
        }
        int crc = Crc16.of(frame, 0, length - 2);
        int got = (frame[length - 2] & 0xFF) | ((frame[length - 1] & 0xFF) << 8);
        if (crc != got) {
            throw new ModbusProtocolException(String.format("RTU frame CRC is 0x%04X, computed 0x%04X", got, crc));
        }
        int unit = frame[0] & 0xFF;
        if (unit != unitId) {
            throw new ModbusProtocolException("unit " + unit + " answered, unit " + unitId + " was asked");
        }
        return Arrays.copyOfRange(frame, 1, length - 2);
    }
}
