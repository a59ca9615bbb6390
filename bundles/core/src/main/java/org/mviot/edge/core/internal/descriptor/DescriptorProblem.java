package org.mviot.edge.core.internal.descriptor;

/**
 * One thing wrong in a device descriptor.
 *
 * @param origin   the file (or bundle document)
 * @param jsonPath where in the document, e.g. {@code $.channels[2].type}
 * @param message  what is wrong, naming the device and channel, and what was expected
 */
public record DescriptorProblem(String origin, String jsonPath, String message) {

    @Override
    public String toString() {
        return origin + ": " + jsonPath + ": " + message;
    }
}
