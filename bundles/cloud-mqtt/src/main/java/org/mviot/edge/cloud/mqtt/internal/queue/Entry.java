package org.mviot.edge.cloud.mqtt.internal.queue;

/**
 * One record read back from the queue.
 *
 * @param offset   its position in the queue: grows with every append, never reused
 * @param priority what may be done with it when the queue is full
 * @param payload  the bytes appended
 */
public record Entry(long offset, Priority priority, byte[] payload) {
}
