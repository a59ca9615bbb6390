package org.mviot.edge.api.device;

/**
 * The type of a channel's value as the device delivers it. Values travel as {@link Boolean},
 * {@link Long}, {@link Double} and {@link String}.
 */
public enum ChannelType {
    /** A two-state value: a GPIO pin, a coil, a switch. Carried as {@link Boolean}. */
    BOOLEAN(Boolean.class),
    /** A whole number: a counter, a register. Carried as {@link Long}. */
    INTEGER(Long.class),
    /** A measurement. Carried as {@link Double}. */
    DOUBLE(Double.class),
    /** Text: a serial line field, a status word. Carried as {@link String}. */
    STRING(String.class);

    private final Class<?> javaType;

    ChannelType(Class<?> javaType) {
        this.javaType = javaType;
    }

    /**
     * @return the Java class values of this type are carried as
     */
    public Class<?> javaType() {
        return javaType;
    }

    /**
     * @return whether values of this type are numbers (so scaling, deadbands and aggregates apply)
     */
    public boolean isNumeric() {
        return this == INTEGER || this == DOUBLE;
    }

    /**
     * @param value a value
     * @return whether the value is carried as this type's Java class
     */
    public boolean carries(Object value) {
        return javaType.isInstance(value);
    }

    /**
     * Finds the type whose Java class carries a value.
     *
     * @param value a value
     * @return the type, or {@code null} when the value is not a {@link Boolean}, {@link Long},
     *         {@link Double} or {@link String} (an {@link Integer} or a {@link Float} is not carried)
     */
    public static ChannelType carrying(Object value) {
        for (ChannelType t : values()) {
            if (t.javaType.isInstance(value)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Finds a type by its name in descriptors ({@code boolean}, {@code integer}, {@code double}, {@code string}).
     *
     * @param name the name, any case
     * @return the type, or {@code null} when no type has that name
     */
    public static ChannelType byName(String name) {
        for (ChannelType t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }
}
