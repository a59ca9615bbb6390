package oshi.hardware;

/** The part of OSHI's processor view HiveMQ CE uses (see {@code oshi/package-info.java}). */
@FunctionalInterface
public interface CentralProcessor {

    /** @return physical cores; here the JVM's available processors */
    int getPhysicalProcessorCount();
}
