package org.mviot.edge.driver.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceDescriptor;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.driver.DeviceConnection;
import org.mviot.edge.driver.coap.internal.discovery.Discovery;
import org.mviot.edge.testsupport.Await;
import org.mviot.edge.testsupport.FreePorts;

/** {@code mviot:coap-discover} against libcoap's server: the printed descriptor works as it is. */
class DiscoveryTest {

    @RegisterExtension
    final DriverAndServer coap = new DriverAndServer();

    @Test
    void theDescriptorPrintedFromWellKnownCoreObservesTimeAndOpensAsItIs() throws Exception {
        JsonObject d = JsonParser.parseString(coap.driver().discover(coap.server().uri())).getAsJsonObject();
        assertThat(d.get("driver").getAsString()).isEqualTo("coap");
        assertThat(d.getAsJsonObject("connection").get("uri").getAsString()).isEqualTo(coap.server().uri());
        Map<String, JsonObject> channels = new HashMap<>();
        d.getAsJsonArray("channels").forEach(c -> channels.put(c.getAsJsonObject().get("name").getAsString(), c.getAsJsonObject()));
        assertThat(channels).containsKeys("time", "example_data", "async");
        assertThat(channels.get("time").get("event").getAsBoolean()).isTrue();
        assertThat(channels.get("time").get("description").getAsString()).isEqualTo("Internal Clock; rt=ticks; if=clock");
        assertThat(channels.get("async").has("poll")).isTrue();

        DeviceDescriptor device = descriptor(d);
        coap.driver().validate(device);
        RecordingListener l = new RecordingListener();
        try (DeviceConnection c = coap.driver().open(device, l)) {
            c.subscribe(device.channels().stream().filter(ch -> ch.acquisition() instanceof Acquisition.Event).toList());
            Await.until("notifications of /time", () -> l.good("time").size() >= 2, l::toString);
        }
    }

    @Test
    void aHostThatDoesNotAnswerIsSaidInWords() throws Exception {
        int silent = FreePorts.udp();
        assertThat(coap.driver().discover("coap://127.0.0.1:" + silent)).isEqualTo("coap://127.0.0.1:" + silent + " did not answer GET /.well-known/core within 5s");
        assertThat(coap.driver().discover("http://x")).isEqualTo("expected coap://host[:port], got \"http://x\"");
    }

    @Test
    void hostileLinksAreSkippedOrCleaned() {
        String out = Discovery.descriptor(java.net.URI.create("coap://192.0.2.1:5683"),
                "</a b>,</.well-known/core>,<http://evil/x>,</ok/1>;title=\"x\u0007z\";obs,</ok_1>;ct=110");
        JsonObject d = JsonParser.parseString(out).getAsJsonObject();
        List<String> names = new ArrayList<>();
        for (JsonElement c : d.getAsJsonArray("channels")) {
            names.add(c.getAsJsonObject().get("name").getAsString());
        }
        assertThat(names).containsExactlyInAnyOrder("ok_1", "ok_1_2");
        assertThat(out).doesNotContain("\u0007").doesNotContain("evil");
    }

    /** What the core's descriptor parser does with the fields discovery writes. */
    private static DeviceDescriptor descriptor(JsonObject d) {
        List<ChannelSpec> channels = new ArrayList<>();
        for (JsonElement e : d.getAsJsonArray("channels")) {
            JsonObject c = e.getAsJsonObject();
            Map<String, String> address = new HashMap<>();
            c.getAsJsonObject("address").entrySet().forEach(a -> address.put(a.getKey(), a.getValue().getAsString()));
            Acquisition acq = c.has("event") ? Acquisition.event() : Acquisition.poll(Duration.ofSeconds(10));
            channels.add(new ChannelSpec(c.get("name").getAsString(), ChannelType.byName(c.get("type").getAsString()), "", Access.READ, acq,
                    Range.UNBOUNDED, address, ""));
        }
        Map<String, String> connection = Map.of("uri", d.getAsJsonObject("connection").get("uri").getAsString());
        return new DeviceDescriptor(d.get("id").getAsString(), "coap", "", connection, channels);
    }
}
