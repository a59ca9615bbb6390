package org.mviot.edge.driver.modbus.internal.tcp;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.mviot.edge.driver.modbus.internal.ModbusTransport;

/**
 * The open TCP endpoints, one per host and port, shared by the devices (unit ids) behind them and
 * closed when the last of those devices closes.
 */
public final class TcpEndpoints {

    private final Duration connectTimeout;
    private final Map<String, TcpEndpoint> endpoints = new HashMap<>();
    private final Map<String, Integer> users = new HashMap<>();

    /**
     * @param connectTimeout longest wait for a connection
     */
    public TcpEndpoints(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /**
     * @param host server host
     * @param port server port
     * @return a transport on the shared endpoint; release it when done
     */
    public synchronized ModbusTransport acquire(String host, int port) {
        String key = host + ":" + port;
        TcpEndpoint e = endpoints.computeIfAbsent(key, k -> new TcpEndpoint(host, port, connectTimeout));
        users.merge(key, 1, Integer::sum);
        return new ModbusTransport() {
            private boolean released;

            @Override
            public byte[] request(int unit, byte[] pdu, Duration timeout) throws IOException {
                return e.request(unit, pdu, timeout);
            }

            @Override
            public void broadcast(byte[] pdu, Duration timeout) throws IOException {
                // Modbus TCP has no broadcast; unit 0 is an ordinary address that answers
                e.request(0, pdu, timeout);
            }

            @Override
            public String describe() {
                return "tcp " + key;
            }

            @Override
            public void release() {
                synchronized (TcpEndpoints.this) {
                    if (released) {
                        return;
                    }
                    released = true;
                    Integer left = users.computeIfPresent(key, (k, n) -> n - 1);
                    if (left != null && left <= 0) {
                        users.remove(key);
                        TcpEndpoint gone = endpoints.remove(key);
                        if (gone != null) {
                            gone.disconnect("no device uses it any more");
                        }
                    }
                }
            }
        };
    }

    /**
     * @param host server host
     * @param port server port
     * @return the endpoint, for connecting eagerly
     */
    public synchronized TcpEndpoint endpoint(String host, int port) {
        return endpoints.get(host + ":" + port);
    }

    /** Closes every endpoint. */
    public synchronized void closeAll() {
        endpoints.values().forEach(e -> e.disconnect("driver stopping"));
        endpoints.clear();
        users.clear();
    }
}
