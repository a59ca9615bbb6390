package org.mviot.edge.driver.modbus.internal.fuzz;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.mviot.edge.api.serial.LineSettings;
import org.mviot.edge.api.serial.SerialLink;
import org.mviot.edge.api.serial.SerialPort;
import org.mviot.edge.api.serial.SerialPorts;

/**
 * A serial line whose peer answers every frame with the same scripted bytes, delivered in chunks of a
 * given size, then silence: so that the RTU transport's real receive loop can be fuzzed thousands of
 * times a second (the socat and pymodbus tests cover the real port). Silence is immediate: a read
 * past the script returns 0 at once instead of waiting out the timeout.
 */
public final class ScriptedLine implements SerialPorts, SerialPort, SerialLink {

    private final byte[] answer;
    private final int chunk;
    private int at;

    /**
     * @param answer what the peer sends after each frame
     * @param chunk  most bytes one read returns
     */
    public ScriptedLine(byte[] answer, int chunk) {
        this.answer = answer.clone();
        this.chunk = chunk;
    }

    @Override
    public List<String> ports() {
        return List.of("/dev/fuzz");
    }

    @Override
    public SerialPort open(String name, LineSettings settings, String owner) {
        return this;
    }

    @Override
    public String name() {
        return "/dev/fuzz";
    }

    @Override
    public LineSettings settings() {
        return LineSettings.of(115200);
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public <T> T exchange(Duration wait, Exchange<T> exchange) throws java.io.IOException, InterruptedException {
        return exchange.run(this);
    }

    @Override
    public void listen(org.mviot.edge.api.serial.SerialListener listener) {
        // RTU reads inside exchanges only
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public void write(byte[] data) {
        at = 0; // the peer answers this frame
    }

    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) {
        int n = Math.min(Math.min(chunk, length), answer.length - at);
        if (n <= 0) {
            return 0;
        }
        System.arraycopy(answer, at, buffer, offset, n);
        at += n;
        return n;
    }

    @Override
    public void discardInput() {
        // the script is what arrives after the request
    }

    @Override
    public long nanosSinceLastTraffic() {
        return Long.MAX_VALUE / 2; // the line has been silent long enough: no inter-frame wait
    }

    @Override
    public String toString() {
        return Arrays.toString(answer) + " in chunks of " + chunk;
    }
}
