package org.mviot.edge.driver.modbus.internal.tcp;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.mviot.edge.driver.modbus.internal.ModbusTransport;

class TcpEndpointsTest {

    @Test
    void releasingAfterTheDriverClosedEverythingIsHarmless() {
        TcpEndpoints endpoints = new TcpEndpoints(Duration.ofMillis(100));
        ModbusTransport t = endpoints.acquire("127.0.0.1", 1502);
        endpoints.closeAll();
        assertThatCode(t::release).doesNotThrowAnyException();
    }

    @Test
    void sharesOneEndpointBetweenUnitsUntilTheLastReleases() {
        TcpEndpoints endpoints = new TcpEndpoints(Duration.ofMillis(100));
        ModbusTransport a = endpoints.acquire("127.0.0.1", 1502);
        ModbusTransport b = endpoints.acquire("127.0.0.1", 1502);
        TcpEndpoint shared = endpoints.endpoint("127.0.0.1", 1502);
        a.release();
        org.assertj.core.api.Assertions.assertThat(endpoints.endpoint("127.0.0.1", 1502)).isSameAs(shared);
        b.release();
        org.assertj.core.api.Assertions.assertThat(endpoints.endpoint("127.0.0.1", 1502)).isNull();
    }
}
