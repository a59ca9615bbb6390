package org.mviot.edge.launcher;

import org.mviot.edge.launcher.framework.GatewayRuntime;
import org.slf4j.LoggerFactory;

import sun.misc.Signal;

/**
 * Turns SIGTERM (systemd, {@code kill}) and SIGINT (Ctrl-C) into an orderly framework stop, so the
 * process ends with exit code 0 after every bundle has been stopped, rather than with 143 from the
 * JVM's default handler. If bundles take longer than the stop budget, the process ends anyway with
 * exit code 1 and names the problem.
 */
final class ShutdownOnSignal {

    private ShutdownOnSignal() {
    }

    static void install(GatewayRuntime runtime, long timeoutMillis) {
        Runnable stop = () -> {
            LoggerFactory.getLogger("org.mviot.edge.launcher").info("stopping");
            try {
                if (!runtime.stop(timeoutMillis)) {
                    LoggerFactory.getLogger("org.mviot.edge.launcher")
                            .error("bundles did not stop within {} ms; exiting anyway", timeoutMillis);
                    Runtime.getRuntime().halt(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> {
                Thread t = new Thread(stop, "mviot-shutdown");
                t.setDaemon(true);
                t.start();
            });
        }
    }
}
