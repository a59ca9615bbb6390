package org.mviot.edge.position.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the gateway position (PID {@code org.mviot.edge.position}). */
@ObjectClassDefinition(name = "mviot-edge gateway position", description = "A fixed position, a GNSS receiver on a serial port, or gpsd")
public @interface PositionConfig {

    /** @return lat,lon[,alt] set at provisioning; blank: none */
    @AttributeDefinition(name = "Fixed position", description = "lat,lon or lat,lon,alt (degrees WGS 84, metres); reported when no GNSS source is configured")
    String position_fixed() default "";

    /** @return the serial port of an NMEA receiver; blank: none */
    @AttributeDefinition(name = "NMEA serial port", description = "e.g. /dev/ttyACM0 or /dev/serial/by-id/…; needs the serial port service")
    String nmea_port() default "";

    /** @return its speed */
    @AttributeDefinition(name = "NMEA baud rate", min = "300")
    int nmea_baud() default 9600;

    /** @return gpsd's host; blank: not used */
    @AttributeDefinition(name = "gpsd host", description = "e.g. 127.0.0.1; blank: gpsd is not used")
    String gpsd_host() default "";

    /** @return gpsd's port */
    @AttributeDefinition(name = "gpsd port", min = "1", max = "65535")
    int gpsd_port() default 2947;

    /** @return seconds without a fix from the source after which the fix counts as lost */
    @AttributeDefinition(name = "Fix timeout (s)", min = "1")
    int fix_timeout_s() default 5;
}
