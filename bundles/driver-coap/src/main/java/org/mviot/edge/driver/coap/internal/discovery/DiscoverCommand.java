package org.mviot.edge.driver.coap.internal.discovery;

import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.mviot.edge.api.driver.Driver;
import org.mviot.edge.driver.coap.internal.CoapDriver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo command {@code mviot:coap-discover coap://host[:port]}: prints a device descriptor made from
 * the device's {@code /.well-known/core}, ready to save in {@code conf/devices/}. A {@link Function}
 * rather than a method because Gogo names methods, and the command's name has a hyphen. The Gogo
 * package is imported optionally: without a shell the driver runs, only this command is absent.
 */
@Component(service = Function.class, property = {"osgi.command.scope=mviot", "osgi.command.function=coap-discover"})
public final class DiscoverCommand implements Function {

    private final CoapDriver driver;

    /**
     * @param driver the CoAP driver of this bundle, whose endpoint sends the request
     */
    @Activate
    public DiscoverCommand(@Reference(target = "(" + Driver.NAME_PROPERTY + "=coap)") Driver driver) {
        this.driver = (CoapDriver) driver;
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) throws Exception {
        if (arguments.size() != 1) {
            return "usage: mviot:coap-discover coap://host[:port]";
        }
        return driver.discover(String.valueOf(arguments.get(0)));
    }
}
