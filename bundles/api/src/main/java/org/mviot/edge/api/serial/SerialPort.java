package org.mviot.edge.api.serial;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One owner's handle on an open serial port. Exchanges of all handles on the same port run one at a
 * time; bytes that arrive outside an exchange go to the handle's {@link SerialListener}, if any.
 * When the port disappears (a USB adapter unplugged) the service keeps trying to reopen it and the
 * handles work again once it is back.
 */
@ProviderType
public interface SerialPort extends AutoCloseable {

    /**
     * Work done with exclusive use of the line.
     *
     * @param <T> what the exchange returns
     */
    @ConsumerType
    @FunctionalInterface
    interface Exchange<T> {
        /**
         * @param link the line, usable only during this call
         * @return the exchange's result
         * @throws IOException          when the line fails
         * @throws InterruptedException when the caller gave up
         */
        T run(SerialLink link) throws IOException, InterruptedException;
    }

    /**
     * @return the port's device path
     */
    String name();

    /**
     * @return the line settings
     */
    LineSettings settings();

    /**
     * @return whether the port is open now (false while it is gone and being reopened)
     */
    boolean isOpen();

    /**
     * Runs an exchange with exclusive use of the line: no other handle reads or writes meanwhile.
     *
     * @param <T>       the result type
     * @param wait      how long to wait for the line when another exchange holds it
     * @param exchange  the work
     * @return what the exchange returned
     * @throws IOException          when the port is closed, gone, or the exchange failed
     * @throws TimeoutException     when the line stayed busy for longer than {@code wait}
     * @throws InterruptedException when the caller gave up
     */
    <T> T exchange(Duration wait, Exchange<T> exchange) throws IOException, TimeoutException, InterruptedException;

    /**
     * Receives the bytes that arrive outside exchanges, and the port's comings and goings. Replaces
     * an earlier listener; {@code null} stops.
     *
     * @param listener the listener, or {@code null}
     */
    void listen(SerialListener listener);

    /** Releases this handle's share of the port. Never throws. */
    @Override
    void close();
}
