package org.mviot.edge.driver.modbus.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ValueCodecTest {

    private static Object decode(int[] regs, ValueType t, WordOrder o) {
        return ValueCodec.decode(regs, 0, t, o, regs.length, 0);
    }

    @Test
    void readsA32BitIntegerInEachWordOrder() {
        // 0x11223344: A=11 B=22 C=33 D=44
        assertThat(decode(new int[] {0x1122, 0x3344}, ValueType.INT32, WordOrder.ABCD)).isEqualTo(0x11223344L);
        assertThat(decode(new int[] {0x3344, 0x1122}, ValueType.INT32, WordOrder.CDAB)).isEqualTo(0x11223344L);
        assertThat(decode(new int[] {0x2211, 0x4433}, ValueType.INT32, WordOrder.BADC)).isEqualTo(0x11223344L);
        assertThat(decode(new int[] {0x4433, 0x2211}, ValueType.INT32, WordOrder.DCBA)).isEqualTo(0x11223344L);
    }

    @Test
    void readsA64BitIntegerInEachWordOrder() {
        long v = 0x1122334455667788L;
        assertThat(decode(new int[] {0x1122, 0x3344, 0x5566, 0x7788}, ValueType.INT64, WordOrder.ABCD)).isEqualTo(v);
        assertThat(decode(new int[] {0x7788, 0x5566, 0x3344, 0x1122}, ValueType.INT64, WordOrder.CDAB)).isEqualTo(v);
        assertThat(decode(new int[] {0x2211, 0x4433, 0x6655, 0x8877}, ValueType.INT64, WordOrder.BADC)).isEqualTo(v);
        assertThat(decode(new int[] {0x8877, 0x6655, 0x4433, 0x2211}, ValueType.INT64, WordOrder.DCBA)).isEqualTo(v);
    }

    @Test
    void readsSignedAndUnsignedSixteenAndThirtyTwoBitIntegers() {
        assertThat(decode(new int[] {0xFFFE}, ValueType.INT16, WordOrder.ABCD)).isEqualTo(-2L);
        assertThat(decode(new int[] {0xFFFE}, ValueType.UINT16, WordOrder.ABCD)).isEqualTo(65534L);
        assertThat(decode(new int[] {0xFEFF}, ValueType.INT16, WordOrder.BADC)).isEqualTo(-2L);
        assertThat(decode(new int[] {0xFFFF, 0xFFFE}, ValueType.INT32, WordOrder.ABCD)).isEqualTo(-2L);
        assertThat(decode(new int[] {0xFFFF, 0xFFFE}, ValueType.UINT32, WordOrder.ABCD)).isEqualTo(4294967294L);
    }

    @Test
    void readsFloatsInEachWordOrder() {
        // 1.5f = 0x3FC00000
        assertThat(decode(new int[] {0x3FC0, 0x0000}, ValueType.FLOAT32, WordOrder.ABCD)).isEqualTo(1.5);
        assertThat(decode(new int[] {0x0000, 0x3FC0}, ValueType.FLOAT32, WordOrder.CDAB)).isEqualTo(1.5);
        assertThat(decode(new int[] {0xC03F, 0x0000}, ValueType.FLOAT32, WordOrder.BADC)).isEqualTo(1.5);
        assertThat(decode(new int[] {0x0000, 0xC03F}, ValueType.FLOAT32, WordOrder.DCBA)).isEqualTo(1.5);
        // -2.25 = 0xC002000000000000
        assertThat(decode(new int[] {0xC002, 0, 0, 0}, ValueType.FLOAT64, WordOrder.ABCD)).isEqualTo(-2.25);
        assertThat(decode(new int[] {0, 0, 0, 0x02C0}, ValueType.FLOAT64, WordOrder.DCBA)).isEqualTo(-2.25);
    }

    @Test
    void readsTextTwoCharactersPerRegisterWithoutTrailingPadding() {
        assertThat(ValueCodec.decode(new int[] {0x4142, 0x4300}, 0, ValueType.STRING, WordOrder.ABCD, 2, 0)).isEqualTo("ABC");
        assertThat(ValueCodec.decode(new int[] {0x4241, 0x0043}, 0, ValueType.STRING, WordOrder.BADC, 2, 0)).isEqualTo("ABC");
    }

    @Test
    void readsOneBitOfARegister() {
        assertThat(ValueCodec.decode(new int[] {0x0008}, 0, ValueType.BIT, WordOrder.ABCD, 1, 3)).isEqualTo(true);
        assertThat(ValueCodec.decode(new int[] {0x0008}, 0, ValueType.BIT, WordOrder.ABCD, 1, 2)).isEqualTo(false);
    }

    @ParameterizedTest
    @EnumSource(WordOrder.class)
    void writesWhatItReadsForEveryTypeAndOrder(WordOrder order) {
        Object[][] cases = {
            {ValueType.INT16, -12345L}, {ValueType.UINT16, 54321L}, {ValueType.INT32, -123456789L}, {ValueType.UINT32, 4000000000L},
            {ValueType.INT64, -1234567890123456789L}, {ValueType.FLOAT32, 3.25}, {ValueType.FLOAT64, -1.0e-300}, {ValueType.STRING, "pump-7"},
        };
        for (Object[] c : cases) {
            ValueType t = (ValueType) c[0];
            int[] regs = ValueCodec.encode(c[1], t, order, 4);
            assertThat(ValueCodec.decode(regs, 0, t, order, 4, 0)).as("%s %s", t, order).isEqualTo(c[1]);
        }
    }

    @Test
    void refusesValuesThatDoNotFitTheType() {
        assertThatThrownBy(() -> ValueCodec.encode(70000L, ValueType.UINT16, WordOrder.ABCD, 1)).hasMessageContaining("outside uint16");
        assertThatThrownBy(() -> ValueCodec.encode(-1L, ValueType.UINT32, WordOrder.ABCD, 2)).hasMessageContaining("outside uint32");
        assertThatThrownBy(() -> ValueCodec.encode(1.5, ValueType.INT16, WordOrder.ABCD, 1)).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> ValueCodec.encode("abcde", ValueType.STRING, WordOrder.ABCD, 2)).hasMessageContaining("does not fit 2 registers");
    }
}
