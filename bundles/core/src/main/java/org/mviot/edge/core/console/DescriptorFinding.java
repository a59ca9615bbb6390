package org.mviot.edge.core.console;

/**
 * One problem of a descriptor.
 *
 * @param path    where in the document, e.g. {@code $.channels[0].address.unit}
 * @param message what is wrong, naming the device and channel
 */
public record DescriptorFinding(String path, String message) {
}
