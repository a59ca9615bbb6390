package org.mviot.edge.driver.modbus.internal;

import java.io.IOException;
import java.time.Duration;

import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.api.driver.DeviceListener;
import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.api.driver.DriverException;
import org.mviot.edge.api.serial.SerialPorts;
import org.mviot.edge.driver.modbus.internal.config.ModbusDeviceConfig;
import org.mviot.edge.driver.modbus.internal.rtu.RtuBuses;
import org.mviot.edge.driver.modbus.internal.rtu.SerialTransport;
import org.mviot.edge.driver.modbus.internal.rtu.TransportAbsentException;
import org.mviot.edge.driver.modbus.internal.tcp.TcpEndpoint;
import org.mviot.edge.driver.modbus.internal.tcp.TcpEndpoints;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code modbus} driver: Modbus TCP devices over shared connections, and Modbus RTU devices
 * through the serial port service of transport-serial. That service is bound dynamically and is
 * optional: the driver never restarts when transport-serial is updated, removed or installed, so TCP
 * devices never notice; RTU devices report themselves offline, naming transport-serial, while it is
 * absent, and read again as soon as it is back.
 */
@Component(service = Driver.class, property = Driver.NAME_PROPERTY + "=" + ModbusDriver.NAME)
@Designate(ocd = ModbusDriver.Config.class)
public final class ModbusDriver implements Driver {

    /** The driver's name in descriptors. */
    public static final String NAME = "modbus";

    private static final Logger LOG = LoggerFactory.getLogger(ModbusDriver.class);

    /** Settings of the Modbus driver. */
    @ObjectClassDefinition(name = "mviot-edge Modbus driver", description = "Modbus TCP and RTU devices")
    public @interface Config {
        /**
         * @return longest wait for a TCP connection, in milliseconds
         */
        @AttributeDefinition(name = "TCP connect timeout (ms)", min = "1")
        int connectTimeoutMillis() default 3000;

        /**
         * @return longest wait for a serial bus another device is using, in milliseconds
         */
        @AttributeDefinition(name = "Serial bus wait (ms)", min = "1")
        int busWaitMillis() default 5000;
    }

    private final TcpEndpoints tcp;
    private final SerialTransport serial = new SerialTransport();
    private final RtuBuses rtu;
    private final SilentUnits silentUnits = new SilentUnits();
    /** Devices whose opening was logged: the core reopens a failing device, and each reopen needs no INFO line. */
    private final java.util.Set<String> announced = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param config the settings
     */
    @Activate
    public ModbusDriver(Config config) {
        if (config.connectTimeoutMillis() <= 0) {
            throw new IllegalArgumentException("connectTimeoutMillis must be positive, was " + config.connectTimeoutMillis());
        }
        if (config.busWaitMillis() <= 0) {
            throw new IllegalArgumentException("busWaitMillis must be positive, was " + config.busWaitMillis());
        }
        this.tcp = new TcpEndpoints(Duration.ofMillis(config.connectTimeoutMillis()));
        this.rtu = new RtuBuses(serial, Duration.ofMillis(config.busWaitMillis()));
        // the core logs "driver modbus installed" when this service appears: one event, one line
        LOG.debug("modbus driver started");
    }

    /**
     * The serial port service of transport-serial arrived (a dynamic reference: DS calls this
     * without restarting the driver, before or after activation).
     *
     * @param ports the service
     */
    @Reference(name = "serialPorts", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
               policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindSerialPorts")
    public void bindSerialPorts(SerialPorts ports) {
        serial.bind(ports);
        LOG.info("modbus RTU available: transport-serial's serial port service is bound");
    }

    /**
     * The serial port service left (transport-serial updated, stopped or uninstalled): RTU devices
     * report themselves offline until a service is bound again; TCP devices go on.
     *
     * @param ports the service
     */
    public void unbindSerialPorts(SerialPorts ports) {
        serial.unbind(ports);
        if (serial.current() == null) {
            LOG.info("modbus RTU unavailable until transport-serial is back; TCP devices go on");
        }
    }

    /** Closes every connection. */
    @Deactivate
    public void deactivate() {
        tcp.closeAll();
        LOG.info("modbus driver stopped");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(DeviceDescriptor device) throws DriverException {
        ModbusDeviceConfig.of(device);
    }

    @Override
    public DeviceConnection open(DeviceDescriptor device, DeviceListener listener) throws DriverException, InterruptedException {
        ModbusDeviceConfig given = ModbusDeviceConfig.of(device);
        // the core sizes this device's deadlines from the driver's timeout × tries; a core that does not (an older one)
        // keeps its own, and the settings are then fitted into them
        listener.driverDeadline(given.timeout().multipliedBy(given.retries() + 1L));
        Duration deadline = listener.readTimeout().compareTo(listener.writeTimeout()) < 0 ? listener.readTimeout() : listener.writeTimeout();
        ModbusDeviceConfig c = given.within(deadline, LOG::warn);
        ModbusTransport transport;
        if (c.transport() == ModbusDeviceConfig.Transport.TCP) {
            transport = tcp.acquire(c.host(), c.port());
            TcpEndpoint e = tcp.endpoint(c.host(), c.port());
            try {
                e.connect();
            } catch (IOException ex) {
                transport.release();
                throw new DriverException("device '" + c.device() + "': " + ex.getMessage());
            }
        } else {
            try {
                transport = rtu.acquire(c.serialPort(), c.line(), c.device());
            } catch (TransportAbsentException ex) {
                throw new DriverException("device '" + c.device() + "': " + ex.getMessage());
            } catch (IOException ex) {
                throw new DriverException("device '" + c.device() + "' connection.serialPort: " + ex.getMessage());
            }
        }
        if (announced.add(c.device() + " " + c.unit() + " " + transport.describe())) {
            LOG.info("device {} opened: unit {} on {}", c.device(), c.unit(), transport.describe());
        } else {
            LOG.debug("device {} reopened: unit {} on {}", c.device(), c.unit(), transport.describe());
        }
        return new ModbusDevice(c, transport, listener, silentUnits);
    }
}
