package org.mviot.edge.driver.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BoardPinsTest {

    static final String PI_HEADER = "1=3V3,2=5V,3=BCM2,4=5V,5=BCM3,6=GND,7=BCM4,8=BCM14,9=GND,10=BCM15,11=BCM17,12=BCM18,13=BCM27,14=GND,"
            + "15=BCM22,16=BCM23,17=3V3,18=BCM24,19=BCM10,20=GND,21=BCM9,22=BCM25,23=BCM11,24=BCM8,25=GND,26=BCM7,27=ID_SD,28=ID_SC,"
            + "29=BCM5,30=GND,31=BCM6,32=BCM12,33=BCM13,34=GND,35=BCM19,36=BCM16,37=BCM26,38=BCM20,39=GND,40=BCM21";

    private final BoardPins pi = BoardPins.parse("Raspberry Pi 4 Model B (profile raspberry-pi-4)", PI_HEADER);

    @Test
    void aHeaderPositionResolvesToItsGpio() {
        assertThat(pi.bcmAtHeader(11)).isEqualTo(17);
        assertThat(pi.name(17)).isEqualTo("GPIO17 (header 11)");
    }

    @Test
    void aGroundPositionIsRefusedNamingTheBoard() {
        assertThatThrownBy(() -> pi.bcmAtHeader(6)).hasMessage("header position 6 of board Raspberry Pi 4 Model B (profile raspberry-pi-4) is ground (GND), not a GPIO pin");
        assertThatThrownBy(() -> pi.bcmAtHeader(1)).hasMessageContaining("3.3 V power");
        assertThatThrownBy(() -> pi.bcmAtHeader(27)).hasMessageContaining("HAT EEPROM");
    }

    @Test
    void aPositionOrGpioTheBoardDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> pi.bcmAtHeader(41)).hasMessageContaining("header position 41 does not exist on board Raspberry Pi 4");
        assertThatThrownBy(() -> pi.checkBcm(28)).hasMessageContaining("GPIO 28 does not exist on board");
        assertThatThrownBy(() -> pi.checkBcm(0)).hasMessageContaining("HAT EEPROM");
    }

    @Test
    void aBoardWithoutHeaderTakesBcmNumbersOnly() {
        BoardPins sim = BoardPins.parse("Simulated hardware (profile sim)", "");
        sim.checkBcm(0);
        assertThatThrownBy(() -> sim.bcmAtHeader(11)).hasMessageContaining("has no header map");
    }

    @Test
    void aMalformedHeaderEntryIsNamed() {
        assertThatThrownBy(() -> BoardPins.parse("b", "1=3V3,2=BCM99")).hasMessageContaining("\"2=BCM99\"");
    }
}
