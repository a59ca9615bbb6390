package org.mviot.edge.core.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.position.Position;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.core.internal.descriptor.DescriptorException;
import org.mviot.edge.core.internal.descriptor.DescriptorParser;
import org.mviot.edge.core.internal.descriptor.DevicePosition;

/** A descriptor's {@code position} attaches a position to the device's twin (issue 12). */
class DevicePositionTest {

    private final DescriptorParser parser = new DescriptorParser("org.example", k -> null);
    private final Uplink uplink = new Uplink(1000);
    private final TwinMapper mapper = new TwinMapper(uplink);
    private final List<TwinUpdate> published = new ArrayList<>();

    private static String device(String position) {
        return "{\"id\": \"meter\", \"driver\": \"sim\", \"position\": " + position
                + ", \"channels\": [{\"name\": \"t\", \"type\": \"double\", \"poll\": \"1s\"}]}";
    }

    /** @return the position feature's properties as last reported (null: removed) */
    private Map<String, Object> position() {
        uplink.flush();
        Map<String, Object> p = new LinkedHashMap<>();
        for (TwinUpdate u : published) {
            if (u instanceof TwinUpdate.Changes c) {
                for (PropertyChange ch : c.changes()) {
                    if (ch.feature().equals(TwinMapper.POSITION_FEATURE)) {
                        p.put(ch.path(), ch.value());
                    }
                }
            }
        }
        return p;
    }

    @Test
    void aFixedPositionInTheDescriptorIsReportedInTheDevicesTwin() throws Exception {
        uplink.addPublisher(published::add);
        mapper.attach(parser.parse("m.json", device("{\"lat\": 47.3769, \"lon\": 8.5417, \"alt\": 408}")));

        assertThat(position()).containsEntry("fix", true).containsEntry("source", "fixed").containsEntry("lat", 47.3769)
                .containsEntry("lon", 8.5417).containsEntry("alt", 408.0);
    }

    @Test
    void aDeviceAtTheGatewayFollowsTheGatewaysPositionAndALostOneLeavesNoCoordinates() throws Exception {
        uplink.addPublisher(published::add);
        mapper.attach(parser.parse("m.json", device("\"gateway\"")));
        assertThat(position()).isEmpty();

        mapper.gatewayPosition(Optional.of(new Position(48.1173, 11.5167, 592.3, 6.5, Position.Source.GNSS, 1L)));
        assertThat(position()).containsEntry("fix", true).containsEntry("source", "gnss").containsEntry("lat", 48.1173);
        int before = published.size();
        mapper.gatewayPosition(Optional.of(new Position(48.1173, 11.5167, 592.3, 6.5, Position.Source.GNSS, 2L)));
        uplink.flush();
        assertThat(published).as("the same place again is not reported again").hasSize(before);

        mapper.gatewayPosition(Optional.empty());
        assertThat(position()).containsEntry("fix", false).containsEntry("source", "none").containsEntry("lat", null)
                .containsEntry("lon", null).containsEntry("alt", null);
    }

    @Test
    void aDeviceWithoutAPositionHasNoPositionFeature() throws Exception {
        uplink.addPublisher(published::add);
        mapper.attach(parser.parse("m.json", "{\"id\": \"meter\", \"driver\": \"sim\", \"channels\": [{\"name\": \"t\", \"type\": \"double\", \"poll\": \"1s\"}]}"));
        mapper.gatewayPosition(Optional.of(new Position(1, 2, 3, 4, Position.Source.FIXED, 1L)));
        assertThat(position()).isEmpty();
        assertThat(parser.parse("m.json", device("\"gateway\"")).position()).isEqualTo(DevicePosition.GATEWAY);
    }

    @Test
    void aBadPositionIsRefusedNamingTheDeviceAndThePath() {
        DescriptorException e = catchThrowableOfType(DescriptorException.class, () -> parser.parse("m.json", device("{\"lat\": 91, \"lon\": 0}")));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.jsonPath()).isEqualTo("$.position.lat");
            assertThat(p.message()).contains("device 'meter'").contains("outside -90.0 to 90.0");
        });
        DescriptorException s = catchThrowableOfType(DescriptorException.class, () -> parser.parse("m.json", device("\"roof\"")));
        assertThat(s.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("\"gateway\"").contains("roof"));
    }
}
