package org.mviot.edge.driver.modbus.internal.config;

import java.util.Locale;

/** How a holding-register channel is written: the descriptor's {@code address.write}. */
public enum WriteMode {
    /** Function 6 for one register, 16 for more (coils: function 5); the default. */
    PLAIN("plain"),
    /**
     * Function 23: write the registers and read them back in the same transaction, so a command
     * reports the value the device holds afterwards (devices clamp or drop values silently).
     */
    READ_BACK("read-back");

    private final String label;

    WriteMode(String label) {
        this.label = label;
    }

    /**
     * @return the name as descriptors write it
     */
    public String label() {
        return label;
    }

    /**
     * @param name a name in a descriptor: any case, {@code _} for {@code -}
     * @return the mode, or {@code null}
     */
    public static WriteMode byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (WriteMode m : values()) {
            if (m.label.equals(n)) {
                return m;
            }
        }
        return null;
    }
}
