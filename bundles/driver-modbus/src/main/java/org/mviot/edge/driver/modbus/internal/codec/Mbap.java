package org.mviot.edge.driver.modbus.internal.codec;

/**
 * Modbus TCP framing: the 7-byte MBAP header (transaction id, protocol id 0, length, unit id)
 * followed by the PDU.
 */
public final class Mbap {

    /** Header length in bytes. */
    public static final int HEADER = 7;
    /** Longest PDU a Modbus frame carries. */
    public static final int MAX_PDU = 253;

    private Mbap() {
    }

    /**
     * A parsed header.
     *
     * @param transactionId the transaction id
     * @param unitId        the unit id
     * @param pduLength     bytes of PDU that follow
     */
    public record Header(int transactionId, int unitId, int pduLength) {
    }

    /**
     * @param transactionId 0..65535
     * @param unitId        0..255
     * @param pdu           the PDU
     * @return the frame
     */
    public static byte[] encode(int transactionId, int unitId, byte[] pdu) {
        byte[] f = new byte[HEADER + pdu.length];
        f[0] = (byte) (transactionId >>> 8);
        f[1] = (byte) transactionId;
        int len = pdu.length + 1;
        f[4] = (byte) (len >>> 8);
        f[5] = (byte) len;
        f[6] = (byte) unitId;
        System.arraycopy(pdu, 0, f, HEADER, pdu.length);
        return f;
    }

    /**
     * @param header the 7 header bytes
     * @return the header
     * @throws ModbusProtocolException when the protocol id is not 0 or the length is impossible
     */
    public static Header header(byte[] header) throws ModbusProtocolException {
        int protocol = Pdu.u16(header, 2);
        if (protocol != 0) {
            throw new ModbusProtocolException("MBAP protocol id is " + protocol + ", not 0");
        }
        int len = Pdu.u16(header, 4);
        if (len < 2 || len > MAX_PDU + 1) {
            throw new ModbusProtocolException("MBAP length " + len + " is outside 2.." + (MAX_PDU + 1));
        }
        return new Header(Pdu.u16(header, 0), header[6] & 0xFF, len - 1);
    }
}
