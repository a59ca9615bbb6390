package org.mviot.edge.driver.gpio.internal;

import java.util.ArrayList;
import java.util.List;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalInputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import com.pi4j.provider.Provider;

/**
 * The Pi4J providers the driver can run on, chosen by the hardware profile's {@code gpio.provider}.
 * Pi4J finds its plug-ins with {@code ServiceLoader}, which finds nothing inside an OSGi bundle; the
 * plug-ins are embedded in this bundle and their providers are registered here by hand, so exactly
 * the chosen ones are in the context.
 */
enum GpioProvider {
    /** Pi4J's mock provider: no hardware (the sim profile, tests). */
    MOCK,
    /** libgpiod on the GPIO character device (every Raspberry Pi with a 6.x kernel, the Pi 5); PWM through sysfs. */
    GPIOD,
    /** the old sysfs GPIO interface (kernels before 6.6) and sysfs PWM. */
    LINUXFS;

    /** sysfs PWM root, where {@code dtoverlay=pwm-2chan} makes {@code pwmchip0}. */
    private static final String PWM_SYSFS = "/sys/class/pwm";

    /**
     * Builds a Pi4J context with this provider's digital input, digital output and PWM providers
     * and nothing detected automatically.
     *
     * @param pwmChip the sysfs PWM chip number (gpiod, linuxfs)
     * @return the context; shut it down when the driver stops
     */
    Context newContext(int pwmChip) {
        List<Provider> providers = new ArrayList<>();
        switch (this) {
            case MOCK -> providers.addAll(List.of(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                    MockPwmProvider.newInstance()));
            case GPIOD -> providers.addAll(List.of(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance(),
                    LinuxFsPwmProvider.newInstance(PWM_SYSFS, pwmChip)));
            case LINUXFS -> providers.addAll(List.of(LinuxFsDigitalInputProvider.newInstance(), LinuxFsDigitalOutputProvider.newInstance(),
                    LinuxFsPwmProvider.newInstance(PWM_SYSFS, pwmChip)));
        }
        return Pi4J.newContextBuilder().noAutoDetect().add(providers.toArray(Provider[]::new)).build();
    }
}
