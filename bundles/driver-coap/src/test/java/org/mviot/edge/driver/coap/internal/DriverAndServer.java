package org.mviot.edge.driver.coap.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up the driver's tests against libcoap share: a {@link CoapDriver} over a fresh configuration
 * directory and a {@code coap-server-openssl} on 127.0.0.1, both new for every test and closed after it.
 * Register it with {@code @RegisterExtension final DriverAndServer coap = new DriverAndServer();}.
 */
final class DriverAndServer implements BeforeEachCallback, AfterEachCallback {

    private Path conf;
    private CoapDriver driver;
    private CoapServerPeer server;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        conf = Files.createTempDirectory("coap-conf");
        driver = new CoapDriver(conf);
        server = CoapServerPeer.start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        driver.deactivate();
        server.close();
        try (Stream<Path> files = Files.walk(conf)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** @return the driver under test */
    CoapDriver driver() {
        return driver;
    }

    /** @return the libcoap server the test talks to */
    CoapServerPeer server() {
        return server;
    }

    /** @return the driver's configuration directory (key files go under {@code keys/}) */
    Path conf() {
        return conf;
    }
}
