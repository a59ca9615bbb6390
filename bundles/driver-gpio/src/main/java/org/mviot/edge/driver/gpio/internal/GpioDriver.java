package org.mviot.edge.driver.gpio.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.api.twin.GatewayFeature;
import org.mviot.edge.api.driver.DriverException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.pi4j.context.Context;

/**
 * The GPIO driver, named {@code gpio}, on Pi4J 2.8. The board facts come from the hardware
 * profile, which the launcher hands over as this component's Config Admin configuration (PID
 * {@value #PID}): the provider, the chip, the board's model and its header map. Without that
 * configuration the component does not start (a gateway whose profile has no GPIO).
 *
 * <p>One Pi4J context per driver; a pin belongs to one device. On deactivation (bundle stopped or
 * removed, gateway stopping) every open device is closed first, so outputs go to their safe state
 * before Pi4J shuts down.
 */
@Component(service = {Driver.class, GatewayFeature.class}, property = Driver.NAME_PROPERTY + "=gpio", configurationPid = GpioDriver.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = GpioDriver.Config.class)
public final class GpioDriver implements Driver, GatewayFeature {

    /** Config Admin PID of the driver's board settings. */
    public static final String PID = "org.mviot.edge.driver.gpio";

    /** The board facts, from the hardware profile. */
    @ObjectClassDefinition(id = PID, name = "mviot-edge GPIO driver",
            description = "Board facts for the GPIO driver; written by the launcher from the hardware profile at each run")
    public @interface Config {
        /** @return the Pi4J provider */
        @AttributeDefinition(name = "Provider", description = "Pi4J provider (profile gpio.provider)",
                options = {@Option(value = "mock"), @Option(value = "gpiod"), @Option(value = "linuxfs")})
        String provider() default "mock";

        /** @return the GPIO character device */
        @AttributeDefinition(name = "Chip", description = "GPIO character device of the header (profile gpio.chip), or none")
        String chip() default "none";

        /** @return the board's model */
        @AttributeDefinition(name = "Board model", description = "Board model (profile board.model), compared with Pi4J's detection")
        String board_model() default "unknown board";

        /** @return the profile's name */
        @AttributeDefinition(name = "Profile", description = "Hardware profile name, for messages")
        String profile() default "";

        /** @return the header map */
        @AttributeDefinition(name = "Header map", description = "40-pin header: POSITION=FUNCTION pairs separated by commas (profile header.pin.N); empty without a header")
        String header() default "";

        /** @return the sysfs PWM chip */
        @AttributeDefinition(name = "PWM chip", description = "sysfs PWM chip number (/sys/class/pwm/pwmchipN)")
        int pwm_chip() default 0;
    }

    private static final Logger LOG = LoggerFactory.getLogger(GpioDriver.class);

    private final GpioProvider provider;
    private final BoardPins board;
    private final Context pi4j;
    private final PinClaims claims = new PinClaims();
    /** The level each output was left at when its device closed (at most one entry per pin). */
    private final java.util.Map<Integer, String> released = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<GpioDevice> open = new ArrayList<>();
    private final ScheduledThreadPoolExecutor events;
    private final EdgeClock clock;
    private final ServiceRegistration<?> mockCommands;
    private final BoardFeature boardFeature;

    /**
     * @param config  the board facts
     * @param context the bundle context (to offer the mock provider's test commands)
     */
    @Activate
    public GpioDriver(Config config, BundleContext context) {
        this(config, EdgeClock.SYSTEM, context, null);
    }

    GpioDriver(Config config, EdgeClock clock, BundleContext context) {
        this(config, clock, context, null);
    }

    /**
     * @param config   the board facts
     * @param clock    the clock edges are stamped with
     * @param context  the bundle context, {@code null} in unit tests
     * @param detected the detected board's label to use instead of Pi4J's detection ({@code null}: ask Pi4J), for tests
     */
    GpioDriver(Config config, EdgeClock clock, BundleContext context, String detected) {
        String p = config.provider().trim().toLowerCase(Locale.ROOT);
        if (!List.of("mock", "gpiod", "linuxfs").contains(p)) {
            throw new IllegalArgumentException("GPIO driver setting provider is " + org.mviot.edge.api.driver.DriverSettings.quote(config.provider())
                    + ", expected mock, gpiod or linuxfs (hardware profile gpio.provider)");
        }
        this.provider = GpioProvider.valueOf(p.toUpperCase(Locale.ROOT));
        String boardName = config.board_model() + (config.profile().isBlank() ? "" : " (profile " + config.profile() + ")");
        this.board = BoardPins.parse(boardName, config.header());
        this.clock = clock;
        this.events = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mviot-gpio-events");
            t.setDaemon(true);
            return t;
        });
        events.setRemoveOnCancelPolicy(true);
        this.pi4j = provider.newContext(config.pwm_chip());
        String arch = System.getProperty("os.arch", "");
        if (provider == GpioProvider.GPIOD && !(arch.equals("aarch64") || arch.startsWith("arm"))) {
            // Pi4J builds the context anyway and fails only when a pin is opened ("No gpio chip yet initialized!")
            LOG.error("GPIO: provider gpiod has native libraries for armhf and aarch64 only, not {}: no GPIO device will open; "
                    + "use a profile with gpio.provider=mock on this machine", arch);
        }
        boardFeature = new BoardFeature(config.board_model(), detected != null ? detected : detectedBoard(), p);
        // once, at start: the twin's gpio feature keeps saying it
        boardFeature.mismatch().ifPresent(m -> LOG.warn("GPIO: {}", m));
        LOG.info("GPIO driver on provider {} (chip {}), board {}", p, config.chip(), boardName);
        this.mockCommands = provider == GpioProvider.MOCK && context != null ? MockPinCommands.register(context, this) : null;
    }

    /** @return Pi4J's label of the board it detects, {@code null} when it cannot tell */
    private String detectedBoard() {
        try {
            return pi4j.boardInfo() == null || pi4j.boardInfo().getBoardModel() == null ? null : pi4j.boardInfo().getBoardModel().getLabel();
        } catch (RuntimeException e) {
            // detection reads /proc; a machine where that fails is simply not a known board
            LOG.debug("GPIO: board detection failed: {}", e.toString());
            return null;
        }
    }

    @Override
    public String featureId() {
        return BoardFeature.ID;
    }

    @Override
    public java.util.Map<String, Object> properties() {
        return boardFeature.properties();
    }

    /** Closes every device (outputs to their safe state), then shuts Pi4J and the event thread down. */
    @Deactivate
    void deactivate() {
        if (events.isShutdown()) {
            return;
        }
        if (mockCommands != null) {
            try {
                mockCommands.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        List<GpioDevice> devices;
        synchronized (open) {
            devices = new ArrayList<>(open);
        }
        devices.forEach(GpioDevice::close);
        events.shutdownNow();
        try {
            pi4j.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("GPIO: Pi4J did not shut down cleanly: {}", e.getMessage());
        }
    }

    @Override
    public String name() {
        return "gpio";
    }

    @Override
    public void validate(DeviceDescriptor device) throws DriverException {
        GpioSettings.read(device, board);
    }

    @Override
    public DeviceConnection open(DeviceDescriptor device, DeviceListener listener) throws DriverException {
        GpioSettings settings = GpioSettings.read(device, board);
        claims.claim(device.id(), settings.pins(), board);
        GpioDevice[] self = new GpioDevice[1];
        try {
            GpioDevice d = new GpioDevice(device, settings, listener, pi4j, board, openHint(), clock, events, leftAt -> {
                released.putAll(leftAt);
                claims.release(device.id());
                synchronized (open) {
                    open.remove(self[0]);
                }
            });
            self[0] = d;
            synchronized (open) {
                open.add(d);
            }
            return d;
        } catch (DriverException e) {
            claims.release(device.id());
            throw e;
        }
    }

    /** What to check when pins do not open, for the device's reason. */
    private String openHint() {
        return switch (provider) {
            case MOCK -> "";
            case GPIOD -> " (gpiod: the GPIO character device must exist and be readable by the gateway's user, group gpio; natives for armhf and aarch64 with glibc 2.33 or newer)";
            case LINUXFS -> " (linuxfs: /sys/class/gpio must exist and be writable by the gateway's user; kernels before 6.6)";
        };
    }

    /** @return the Pi4J context (the mock commands reach the mock pins through it) */
    Context pi4j() {
        return pi4j;
    }

    /**
     * @param bcm a pin
     * @return the level (or PWM duty cycle) its output was left at when its device closed, if it was an output
     */
    java.util.Optional<String> releasedState(int bcm) {
        return java.util.Optional.ofNullable(released.get(bcm));
    }

    /** @return the board's pins */
    BoardPins board() {
        return board;
    }
}
