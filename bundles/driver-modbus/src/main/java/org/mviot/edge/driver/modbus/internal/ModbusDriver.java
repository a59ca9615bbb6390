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
import org.mviot.edge.driver.modbus.internal.tcp.TcpEndpoint;
import org.mviot.edge.driver.modbus.internal.tcp.TcpEndpoints;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code modbus} driver: Modbus TCP devices over shared connections, and Modbus RTU devices
 * through the serial port service (when the serial bundle is installed).
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
    private final RtuBuses rtu;

    /**
     * @param config the settings
     * @param serial the serial port service, or {@code null} when the serial bundle is not installed
     */
    @Activate
    public ModbusDriver(Config config,
                        @Reference(name = "serialPorts", cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) SerialPorts serial) {
        if (config.connectTimeoutMillis() <= 0) {
            throw new IllegalArgumentException("connectTimeoutMillis must be positive, was " + config.connectTimeoutMillis());
        }
        if (config.busWaitMillis() <= 0) {
            throw new IllegalArgumentException("busWaitMillis must be positive, was " + config.busWaitMillis());
        }
        this.tcp = new TcpEndpoints(Duration.ofMillis(config.connectTimeoutMillis()));
        this.rtu = serial == null ? null : new RtuBuses(serial, Duration.ofMillis(config.busWaitMillis()));
        LOG.info("modbus driver started (RTU {})", serial == null ? "unavailable: the serial driver is not installed" : "available");
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
        ModbusDeviceConfig c = ModbusDeviceConfig.of(device);
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
            if (rtu == null) {
                throw new DriverException("device '" + c.device() + "': Modbus RTU needs the serial driver (feature driver-serial), which is not installed");
            }
            try {
                transport = rtu.acquire(c.serialPort(), c.line(), c.device());
            } catch (IOException ex) {
                throw new DriverException("device '" + c.device() + "' connection.serialPort: " + ex.getMessage());
            }
        }
        LOG.info("device {} opened: unit {} on {}", c.device(), c.unit(), transport.describe());
        return new ModbusDevice(c, transport, listener);
    }
}
