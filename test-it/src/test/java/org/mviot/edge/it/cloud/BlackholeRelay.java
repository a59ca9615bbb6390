package org.mviot.edge.it.cloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on a free 127.0.0.1 port in front of a broker, standing for the network path
 * between the gateway and the cloud, that can go silent.
 *
 * <p>What it models:
 * <ul>
 * <li><b>up</b>: every byte is forwarded both ways as it arrives; an end or error on one side
 * ends the whole connection.</li>
 * <li>{@link #drop()}: packets stop. On every open connection nothing more is forwarded in
 * either direction and nothing is closed: no FIN, no RST reaches either end, so each side learns
 * of the drop only from its own timers (MQTT keepalive). A chunk already read when the drop
 * began is lost in transit; after it the relay reads nothing more, so, as on a path that
 * acknowledges nothing, what the ends write piles up in their socket buffers and can fill them.
 * A close by an end (the client giving up after its keepalive) is not passed on either. New
 * connections made while dropped are accepted (the kernel would complete the handshake of a
 * listening socket anyway), never connected onward, and nothing is read from them.</li>
 * <li>{@link #restore()}: the path is back, but the connections frozen by the drop are not: like
 * a NAT or stateful firewall whose state expired during the outage, the relay resets (RST,
 * {@code SO_LINGER} 0) both ends of every frozen connection, and forwards new connections
 * normally. The bytes held during the drop are never delivered.</li>
 * </ul>
 * Not modelled: latency, partial loss, TCP retransmission across a drop short enough for the
 * connection to survive.
 *
 * <p>Its threads are daemon threads; {@link #close()} resets every connection and ends them.
 */
final class BlackholeRelay implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long JOIN_MILLIS = 5_000;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Object lock = new Object();
    private final List<Connection> connections = new ArrayList<>(); // guarded by lock
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private boolean dropped; // guarded by lock
    private volatile boolean closed;

    private BlackholeRelay(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
    }

    /**
     * @param targetPort the port of the broker on 127.0.0.1
     * @return a relay forwarding to it, up
     * @throws IOException if no port can be bound
     */
    static BlackholeRelay start(int targetPort) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(loopback, 0));
        BlackholeRelay relay = new BlackholeRelay(s, new InetSocketAddress(loopback, targetPort));
        relay.startThread("blackhole-relay-accept", relay::acceptLoop);
        return relay;
    }

    /** @return {@code tcp://127.0.0.1:<relay port>} */
    String uri() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /**
     * The network goes silent. When this returns, no byte is forwarded any more on any connection.
     *
     * @return how many open connections were frozen
     */
    int drop() {
        List<Connection> live;
        synchronized (lock) {
            dropped = true;
            live = List.copyOf(connections);
        }
        int frozen = 0;
        for (Connection c : live) {
            if (c.freeze()) {
                frozen++;
            }
        }
        return frozen;
    }

    /**
     * The network is back: every connection frozen by the drop is reset at both ends, new ones are
     * forwarded.
     *
     * @return how many frozen connections were reset
     */
    int restore() {
        List<Connection> frozen = new ArrayList<>();
        synchronized (lock) {
            dropped = false;
            for (Connection c : connections) {
                if (c.frozen) {
                    frozen.add(c);
                }
            }
            connections.removeAll(frozen);
        }
        for (Connection c : frozen) {
            c.reset();
        }
        return frozen.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                admit(client);
            } catch (IOException e) {
                // the broker refused or is gone: the client sees its connection reset, as it would
                reset(client);
            }
        }
    }

    private void admit(Socket client) throws IOException {
        client.setTcpNoDelay(true);
        Connection c = new Connection(client, count.incrementAndGet());
        synchronized (lock) {
            if (dropped) {
                // accepted, never connected onward, never read: reset at restore
                c.frozen = true;
                connections.add(c);
                return;
            }
        }
        Socket broker = new Socket();
        try {
            broker.setTcpNoDelay(true);
            broker.connect(target, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            reset(broker);
            throw e;
        }
        c.broker = broker;
        synchronized (lock) {
            connections.add(c);
            // a drop between the check above and now froze the others but not this one
            c.frozen = dropped;
        }
        if (!c.frozen) {
            startThread("blackhole-relay-" + c.id + "-up", () -> c.pump(client, broker, c.up));
            startThread("blackhole-relay-" + c.id + "-down", () -> c.pump(broker, client, c.down));
        }
    }

    private void startThread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** One client connection and its connection onward to the broker. */
    private final class Connection {
        final Socket client;
        final int id;
        volatile Socket broker;
        /** Held while a chunk is checked and written, so that a drop waits for a write under way. */
        final Object up = new Object();
        final Object down = new Object();
        volatile boolean frozen;
        volatile boolean ended;

        Connection(Socket client, int id) {
            this.client = client;
            this.id = id;
        }

        /** @return whether this call froze a connection that was live */
        boolean freeze() {
            synchronized (up) {
                synchronized (down) {
                    if (frozen || ended) {
                        return false;
                    }
                    frozen = true;
                    return true;
                }
            }
        }

        void pump(Socket from, Socket to, Object direction) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    synchronized (direction) {
                        while (frozen && !ended) {
                            // the path is silent: read nothing, until restore() or close() resets
                            direction.wait();
                        }
                        if (ended) {
                            return;
                        }
                    }
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    synchronized (direction) {
                        if (!frozen) {
                            out.write(buffer, 0, n);
                        }
                        // else: read just as the drop began, lost in transit
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the peer reset, or restore()/close() reset this connection
            }
            synchronized (direction) {
                if (frozen) {
                    return; // a frozen connection passes nothing on, not even its end
                }
            }
            end();
        }

        /** A live connection ended at one side: close both, as the ends' stacks would see it. */
        void end() {
            synchronized (lock) {
                connections.remove(this);
            }
            markEnded();
            closeQuietly(client);
            Socket b = broker;
            if (b != null) {
                closeQuietly(b);
            }
        }

        /** RST at both ends. */
        void reset() {
            markEnded();
            BlackholeRelay.reset(client);
            Socket b = broker;
            if (b != null) {
                BlackholeRelay.reset(b);
            }
        }

        private void markEnded() {
            ended = true;
            synchronized (up) {
                up.notifyAll();
            }
            synchronized (down) {
                down.notifyAll();
            }
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Stops accepting, resets every connection and waits for the relay's threads to end. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        List<Connection> all;
        synchronized (lock) {
            all = List.copyOf(connections);
            connections.clear();
        }
        for (Connection c : all) {
            c.reset();
        }
        for (Thread t : threads) {
            t.join(JOIN_MILLIS);
        }
    }
}
