package oshi;

import oshi.hardware.CentralProcessor;
import oshi.hardware.HardwareAbstractionLayer;

/** The JVM's view of the hardware, standing in for OSHI's (see package-info). */
public final class SystemInfo {

    /** @return the hardware: only its processor count is known */
    public HardwareAbstractionLayer getHardware() {
        CentralProcessor cpu = () -> Runtime.getRuntime().availableProcessors();
        return () -> cpu;
    }
}
