package org.mviot.edge.driver.modbus.internal.codec;

/** The CRC-16 of Modbus RTU frames (polynomial 0xA001 reflected, initial value 0xFFFF), sent low byte first. */
public final class Crc16 {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc16() {
    }

    /**
     * @param data   bytes
     * @param offset first byte
     * @param length number of bytes
     * @return the CRC, 0..0xFFFF
     */
    public static int of(byte[] data, int offset, int length) {
        int crc = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ data[i]) & 0xFF];
        }
        return crc;
    }
}
