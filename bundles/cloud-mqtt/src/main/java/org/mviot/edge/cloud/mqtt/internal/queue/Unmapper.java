package org.mviot.edge.cloud.mqtt.internal.queue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.MappedByteBuffer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases a file mapping at once instead of when the garbage collector gets to its buffer: a
 * segment that was sealed, rewritten or deleted must not stay mapped (issue 17: a day offline left
 * hundreds of deleted segments mapped, RSS and disk growing).
 *
 * <p>Java 17 has no public unmap; {@code sun.misc.Unsafe.invokeCleaner} (module
 * {@code jdk.unsupported}, exported to everyone) does it. The class is looked up through the
 * bootstrap class loader by reflection, so the bundle imports no {@code sun.misc} package and works
 * whatever the OSGi framework delegates. Where it is missing, mappings are left to the garbage
 * collector, as before, and that is logged once.
 */
final class Unmapper {

    private static final Logger LOG = LoggerFactory.getLogger(Unmapper.class);
    private static final MethodHandle INVOKE_CLEANER = find();

    private Unmapper() {
    }

    private static MethodHandle find() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe", false, null);
            Field f = unsafeClass.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Object unsafe = f.get(null);
            return MethodHandles.lookup().findVirtual(unsafeClass, "invokeCleaner",
                    MethodType.methodType(void.class, java.nio.ByteBuffer.class)).bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("queue segments cannot be unmapped at once on this JVM ({}); their mappings go when the garbage collector "
                    + "frees them", e.toString());
            return null;
        }
    }

    /** @return whether mappings are released at once */
    static boolean available() {
        return INVOKE_CLEANER != null;
    }

    /**
     * Unmaps a buffer; it must not be used afterwards (a use would crash the JVM), so callers drop
     * every reference to it first.
     *
     * @param buffer a mapping, or {@code null}
     */
    static void unmap(MappedByteBuffer buffer) {
        if (buffer == null || INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invokeExact((java.nio.ByteBuffer) buffer);
        } catch (Throwable e) {
            LOG.warn("a queue segment mapping could not be released at once: {}", e.toString());
        }
    }
}
