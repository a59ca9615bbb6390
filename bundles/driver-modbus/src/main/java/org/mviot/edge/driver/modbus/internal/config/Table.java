package org.mviot.edge.driver.modbus.internal.config;

import java.util.Locale;

import org.mviot.edge.driver.modbus.internal.codec.FunctionCode;

/** The four Modbus data tables. */
public enum Table {
    /** Read-write bits, functions 1, 5, 15. */
    COIL(true, true, FunctionCode.READ_COILS),
    /** Read-only bits, function 2. */
    DISCRETE_INPUT(true, false, FunctionCode.READ_DISCRETE_INPUTS),
    /** Read-only registers, function 4. */
    INPUT_REGISTER(false, false, FunctionCode.READ_INPUT_REGISTERS),
    /** Read-write registers, functions 3, 6, 16. */
    HOLDING_REGISTER(false, true, FunctionCode.READ_HOLDING_REGISTERS);

    private final boolean bits;
    private final boolean writable;
    private final FunctionCode read;

    Table(boolean bits, boolean writable, FunctionCode read) {
        this.bits = bits;
        this.writable = writable;
        this.read = read;
    }

    /**
     * @return whether the table holds bits rather than registers
     */
    public boolean bits() {
        return bits;
    }

    /**
     * @return whether the table can be written
     */
    public boolean writable() {
        return writable;
    }

    /**
     * @return the function that reads it
     */
    public FunctionCode readFunction() {
        return read;
    }

    /**
     * @param name {@code coil}, {@code discrete}/{@code discrete_input}, {@code input}/{@code input_register},
     *             {@code holding}/{@code holding_register}, any case
     * @return the table, or {@code null}
     */
    public static Table byName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "coil", "coils" -> COIL;
            case "discrete", "discrete_input", "discrete_inputs" -> DISCRETE_INPUT;
            case "input", "input_register", "input_registers" -> INPUT_REGISTER;
            case "holding", "holding_register", "holding_registers" -> HOLDING_REGISTER;
            default -> null;
        };
    }

    /**
     * @return the name in messages, e.g. {@code holding register}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
