package org.mviot.edge.cloud.mqtt.internal.queue;

import java.io.IOException;

import org.mviot.edge.cloud.mqtt.internal.seal.KeyUnavailableException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the cloud link's queue so that it always opens: on disk when the directory can be written;
 * read-only on disk plus memory when it can only be read ({@link DegradedQueue}); in memory when it
 * cannot be used at all ({@link MemoryQueue}). The stats' status says which, and the problem why.
 * A queue of sealed records whose key is unavailable is not opened at all: its files stay as they
 * are until the key is back, new updates wait in memory ({@link QueueStatus#KEY_UNAVAILABLE}).
 */
public final class QueueOpener {

    private static final Logger LOG = LoggerFactory.getLogger(QueueOpener.class);

    private QueueOpener() {
    }

    /**
     * @param options layout and bounds
     * @return the queue, never failing
     */
    public static RecordQueue open(QueueOptions options) {
        IOException writeFailure;
        try {
            return SegmentedLog.open(options);
        } catch (KeyUnavailableException e) {
            return keyUnavailable(options, e);
        } catch (IOException e) {
            writeFailure = e;
        } catch (RuntimeException e) {
            writeFailure = new IOException(e.toString(), e);
        }
        String why = "queue directory " + options.dir() + " cannot be written (" + describe(writeFailure) + ")";
        try {
            SegmentedLog readOnly = SegmentedLog.openReadOnly(options);
            LOG.error("{}: its {} undelivered records are delivered from it; new updates wait in memory (at most {} bytes) and are lost "
                    + "if the gateway stops before they are delivered", why, readOnly.stats().undelivered(), options.maxBytes());
            return new DegradedQueue(readOnly, options, why);
        } catch (KeyUnavailableException e) {
            return keyUnavailable(options, e);
        } catch (IOException | RuntimeException e) {
            String both = why + "; it cannot be read either (" + describe(e) + ")";
            LOG.error("{}: updates wait in memory (at most {} bytes) and are lost if the gateway stops before they are delivered", both,
                    options.maxBytes());
            return new MemoryQueue(options, 0, QueueStatus.MEMORY_ONLY, both);
        }
    }

    private static RecordQueue keyUnavailable(QueueOptions options, KeyUnavailableException e) {
        String why = Printable.of(e.getMessage());
        LOG.error("{}; new updates wait in memory (at most {} bytes) and are lost if the gateway stops before they are delivered", why,
                options.maxBytes());
        return new MemoryQueue(options, 0, QueueStatus.KEY_UNAVAILABLE, why);
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + Printable.of(m));
    }
}
