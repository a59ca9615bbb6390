package org.mviot.edge.cloud.mqtt.internal.input;

/** Finds the characters that have no place in a name, header or topic: C0 and C1 controls and line separators. */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /**
     * @param s text
     * @return the index of the first control character, or -1
     */
    public static int indexIn(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param s text
     * @return e.g. {@code U+000A at index 3}, for an error message; {@code null} when there is none
     */
    public static String describe(String s) {
        int i = indexIn(s);
        return i < 0 ? null : String.format("U+%04X at index %d", (int) s.charAt(i), i);
    }
}
