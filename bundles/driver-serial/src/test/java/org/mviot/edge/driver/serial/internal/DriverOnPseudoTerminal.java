package org.mviot.edge.driver.serial.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mviot.edge.driver.serial.internal.line.SerialLineDriver;
import org.mviot.edge.testsupport.PtyPair;
import org.mviot.edge.transport.serial.testing.TestSerialPorts;

/**
 * The set-up the serial driver's tests share: a socat pseudo-terminal pair, the real jssc port service of
 * transport-serial, and a {@link SerialLineDriver} bound to it, fresh for every test and closed after it.
 * Register it with {@code @RegisterExtension final DriverOnPseudoTerminal line = new DriverOnPseudoTerminal();}.
 */
public final class DriverOnPseudoTerminal implements BeforeEachCallback, AfterEachCallback {

    private Path dir;
    private PtyPair pty;
    private TestSerialPorts ports;
    private SerialLineDriver driver;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("serial-pty");
        pty = PtyPair.start(dir);
        ports = TestSerialPorts.start(50);
        driver = new SerialLineDriver();
        driver.bindSerialPorts(ports);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        driver.deactivate();
        ports.close();
        pty.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(DriverOnPseudoTerminal::delete);
        }
    }

    /** @return the driver under test */
    public SerialLineDriver driver() {
        return driver;
    }

    /** @return the pseudo-terminal pair: the driver opens {@code a()}, the test plays the instrument on {@code b()} */
    public PtyPair pty() {
        return pty;
    }

    /** @return the port service the driver is bound to now */
    public TestSerialPorts ports() {
        return ports;
    }

    /**
     * Starts a new port service and binds the driver to it, as DS does when transport-serial is updated; the
     * previous service stays bound until the caller unbinds and closes it.
     *
     * @return the previous service
     */
    public TestSerialPorts bindNewPorts() {
        TestSerialPorts previous = ports;
        ports = TestSerialPorts.start(50);
        driver.bindSerialPorts(ports);
        return previous;
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
