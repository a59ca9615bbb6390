package org.mviot.edge.driver.serial.internal.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Reading;
import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.api.serial.SerialListener;
import org.mviot.edge.api.serial.SerialPort;

/**
 * A port handle that only keeps the device's listener, so that a fuzz test can hand a parser bytes in
 * whatever chunks it likes, thousands of times a second (the socat tests cover the real port), and a
 * device listener that records what the parser pushed.
 */
public final class ListenedPort implements SerialPort, DeviceListener {

    private SerialListener listener;
    private final List<Reading> readings = new ArrayList<>();

    /**
     * @param data bytes as the serial reader would deliver them
     */
    public void deliver(byte[] data) {
        listener.onData(data);
    }

    /** @return the readings pushed so far */
    public List<Reading> readings() {
        return readings;
    }

    @Override
    public void onReading(Reading reading) {
        readings.add(reading);
    }

    @Override
    public void onStatus(DeviceStatus status) {
        // the parsers report no status of their own
    }

    @Override
    public String name() {
        return "/dev/fuzz";
    }

    @Override
    public LineSettings settings() {
        return LineSettings.of(9600);
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public <T> T exchange(Duration wait, Exchange<T> exchange) {
        throw new UnsupportedOperationException("the parsers' fuzz tests write nothing");
    }

    @Override
    public void listen(SerialListener l) {
        listener = l;
    }

    @Override
    public void close() {
        listener = null;
    }
}
