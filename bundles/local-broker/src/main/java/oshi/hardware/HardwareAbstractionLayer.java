package oshi.hardware;

/** The part of OSHI's hardware view HiveMQ CE uses (see {@code oshi/package-info.java}). */
@FunctionalInterface
public interface HardwareAbstractionLayer {

    /** @return the processor */
    CentralProcessor getProcessor();
}
