package org.mviot.edge.launcher;

import org.mviot.edge.launcher.framework.GatewayRuntime;
import org.slf4j.LoggerFactory;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGTERM (systemd, {@code kill}) and SIGINT (Ctrl-C at the console, on an empty or a typed
 * line alike: the terminal discards the line and the gateway stops, as {@code node-red} does) into an
 * orderly framework stop, so the process ends with exit code 0 after every bundle has been stopped,
 * rather than with 130 or 143 from the JVM's default handler. If bundles take longer than the stop
 * budget, the process ends anyway with exit code 1 and names the problem.
 *
 * <p>Gogo's console handles no signal itself; a SIGINT the process inherited as ignored (a background
 * job of a script) cannot be handled by a JVM at all: the start script gives it back its default when
 * a terminal is on standard input, and where that fails this says so instead of staying silent.
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
            SignalHandler before = Signal.handle(new Signal(name), s -> {
                Thread t = new Thread(stop, "mviot-shutdown");
                t.setDaemon(true);
                t.start();
            });
            if (name.equals("INT") && before == SignalHandler.SIG_IGN && System.console() != null) {
                LoggerFactory.getLogger("org.mviot.edge.launcher").warn("SIGINT was ignored when the gateway started (inherited from "
                        + "the process that started it): Ctrl-C does not stop it; kill -TERM {} does", ProcessHandle.current().pid());
            }
        }
    }
}
