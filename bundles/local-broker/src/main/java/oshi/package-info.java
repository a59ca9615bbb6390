/**
 * A stand-in for the three OSHI types HiveMQ CE touches when it starts, so that OSHI (1 MB) and
 * JNA (3.4 MB, with native libraries it unpacks to a temporary directory) stay out of the bundle.
 *
 * <p>HiveMQ's {@code SystemInformationImpl} sizes its thread pools with
 * {@code new SystemInfo().getHardware().getProcessor().getPhysicalProcessorCount()}, capped by
 * {@code Runtime.availableProcessors()}, and catches an {@code Exception} but not the
 * {@code NoClassDefFoundError} a missing OSHI would throw. This stand-in answers with the JVM's
 * processor count, which is what HiveMQ falls back to anyway. Nothing else of HiveMQ CE 2025.5
 * references OSHI (bnd would list it among the bundle's imports). Private to this bundle.
 */
package oshi;
