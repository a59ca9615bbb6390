package org.mviot.edge.cloud.mqtt.internal.queue;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One segment of the log: its file, the mapping it is appended through while it is the active
 * segment, and counts of its records. Not thread-safe: the log guards it.
 *
 * <p>Only the active segment is ever mapped; {@link #seal}, {@link #close} and a rewrite release
 * the mapping at once ({@link Unmapper}), so no sealed, rewritten or deleted segment stays mapped.
 */
final class SegmentFile {

    final long base;
    final Path path;
    FileChannel channel;
    /** Format version of the file (1: no header). */
    final int format;
    /** The writable mapping of the whole segment while it is the one appended to, else {@code null}. */
    private MappedByteBuffer map;
    long size;
    long first = -1;
    long last = -1;
    int records;
    int telemetry;
    /** Whether damage found in it was already counted (a read-only queue cannot repair it). */
    boolean damageCounted;
    /** Whether reading it failed with an I/O error: it is skipped from then on. */
    boolean unreadable;

    SegmentFile(long base, Path path, FileChannel channel, int format) {
        this.base = base;
        this.path = path;
        this.channel = channel;
        this.format = format;
    }

    /** @return where its first record begins */
    int dataStart() {
        return SegmentHeader.dataStart(format);
    }

    void count(long offset, Priority p) {
        if (first < 0) {
            first = offset;
        }
        last = offset;
        records++;
        if (p == Priority.TELEMETRY) {
            telemetry++;
        }
    }

    /** @return whether it is mapped for appending */
    boolean mapped() {
        return map != null;
    }

    /**
     * Maps the whole segment for appending; the file grows to the segment size as a sparse hole.
     *
     * @param segmentBytes segment size
     * @throws IOException if the device has not the room the segment may need, or mapping fails
     */
    void map(int segmentBytes) throws IOException {
        long needed = segmentBytes - size;
        long usable = path.toFile().getUsableSpace();
        if (usable < needed) {
            throw new IOException("queue segment " + path + " needs " + needed + " bytes of free space, the device has " + usable);
        }
        map = channel.map(FileChannel.MapMode.READ_WRITE, 0, segmentBytes);
    }

    /**
     * Copies a record into the mapping at the end of the segment.
     *
     * @param record the bytes
     * @param length how many
     * @throws IOException if the device cannot back the page (the JVM's answer to SIGBUS)
     */
    void put(byte[] record, int length) throws IOException {
        try {
            map.put((int) size, record, 0, length);
        } catch (InternalError e) {
            throw new IOException("queue segment " + path + " cannot be written (is the device full?): " + e.getMessage(), e);
        }
    }

    /** Releases the mapping at once, if any. */
    void unmap() {
        MappedByteBuffer m = map;
        map = null;
        Unmapper.unmap(m);
    }

    /**
     * Ends appending: releases the mapping and cuts the file to its records.
     *
     * @throws IOException if the file cannot be cut
     */
    void seal() throws IOException {
        if (map != null) {
            unmap();
            channel.truncate(size);
        }
    }

    /**
     * Seals (if writable) and closes the file.
     *
     * @param writable whether the file may be cut
     * @throws IOException if it cannot be cut or closed
     */
    void close(boolean writable) throws IOException {
        try {
            if (writable) {
                seal();
            } else {
                unmap();
            }
        } finally {
            channel.close();
        }
    }
}
