package org.mviot.edge.core.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.PropertyChange;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinUpdate;

class UplinkTest {

    private static final ThingId A = ThingId.parse("org.example:a");
    private static final ThingId B = ThingId.parse("org.example:b");
    private final List<TwinUpdate> received = new ArrayList<>();

    private static void change(Uplink u, ThingId t, String feature, Object v) {
        u.change(t, feature + "/value", new PropertyChange(feature, "value", v, 1, Quality.GOOD, TimeSource.SYSTEM_CLOCK));
    }

    @Test
    void mergesChangesOfOneThingIntoOneUpdate() {
        Uplink u = new Uplink(100);
        u.addPublisher(received::add);
        change(u, A, "temp", 1.0);
        change(u, A, "pressure", 2.0);
        change(u, B, "temp", 3.0);
        u.flush();
        assertThat(received).hasSize(2);
        assertThat(((TwinUpdate.Changes) received.get(0)).changes()).extracting(PropertyChange::feature).containsExactly("temp", "pressure");
    }

    @Test
    void sequenceNumbersKeepGrowingAcrossRestarts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path data) throws Exception {
        java.nio.file.Path epoch = data.resolve("core/sequence-epoch");
        long lastOfFirstRun = 0;
        for (int run = 0; run < 2; run++) {
            received.clear();
            Uplink u = new Uplink(100, SequenceEpoch.next(epoch));
            u.addPublisher(received::add);
            for (int i = 0; i < 3; i++) {
                change(u, A, "temp", (double) i);
                u.flush();
            }
            assertThat(received).extracting(TwinUpdate::sequence).isSorted().doesNotHaveDuplicates();
            assertThat(received.get(0).sequence()).isGreaterThan(lastOfFirstRun);
            lastOfFirstRun = received.get(received.size() - 1).sequence();
        }
        assertThat(java.nio.file.Files.readString(epoch)).isEqualTo("2");
    }

    @Test
    void aDamagedEpochFileIsReportedNamingIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path data) throws Exception {
        java.nio.file.Path epoch = java.nio.file.Files.writeString(data.resolve("sequence-epoch"), "garbage");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SequenceEpoch.next(epoch))
                .hasMessageContaining("sequence-epoch holds 'garbage'");
    }

    @Test
    void numbersUpdatesOfEachThingMonotonically() {
        Uplink u = new Uplink(100);
        u.addPublisher(received::add);
        for (int i = 0; i < 3; i++) {
            change(u, A, "temp", (double) i);
            change(u, B, "temp", (double) i);
            u.flush();
        }
        assertThat(received.stream().filter(x -> x.thing().equals(A))).extracting(TwinUpdate::sequence).containsExactly(1L, 2L, 3L);
        assertThat(received.stream().filter(x -> x.thing().equals(B))).extracting(TwinUpdate::sequence).containsExactly(1L, 2L, 3L);
    }

    @Test
    void holdsAndCoalescesUpdatesWhileNoPublisherIsInstalled() {
        Uplink u = new Uplink(100);
        for (int i = 0; i < 1000; i++) {
            change(u, A, "temp", (double) i);
            u.flush();
        }
        assertThat(u.backlog().paths()).isEqualTo(1);
        assertThat(u.backlog().degraded()).isTrue();
        u.addPublisher(received::add);
        u.flush();
        assertThat(received).singleElement().satisfies(x ->
                assertThat(((TwinUpdate.Changes) x).changes()).extracting(PropertyChange::value).containsExactly(999.0));
        assertThat(u.backlog().coalesced()).isEqualTo(999);
    }

    @Test
    void keepsRefusedUpdatesUnderNewerValues() {
        Uplink u = new Uplink(100);
        boolean[] full = {true};
        u.addPublisher(x -> {
            if (full[0]) {
                return false;
            }
            return received.add(x);
        });
        change(u, A, "temp", 1.0);
        change(u, A, "pressure", 5.0);
        u.flush();
        change(u, A, "temp", 2.0);
        full[0] = false;
        u.flush();
        assertThat(received).singleElement().satisfies(x -> {
            assertThat(x.sequence()).isEqualTo(2);
            assertThat(((TwinUpdate.Changes) x).changes()).extracting(PropertyChange::value).containsExactlyInAnyOrder(2.0, 5.0);
        });
    }

    @Test
    void dropsNewPropertiesBeyondTheBoundAndCountsThem() {
        Uplink u = new Uplink(2);
        change(u, A, "a", 1.0);
        change(u, A, "b", 1.0);
        change(u, A, "c", 1.0);
        change(u, A, "a", 2.0);
        assertThat(u.backlog().paths()).isEqualTo(2);
        assertThat(u.backlog().dropped()).isEqualTo(1);
    }

    @Test
    void sendsTheDefinitionBeforeTheValues() {
        Uplink u = new Uplink(100);
        u.addPublisher(received::add);
        change(u, A, "temp", 1.0);
        u.define(new TwinUpdate.Definition(A, 0, "a", "sim", java.util.Map.of(), List.of()));
        u.flush();
        assertThat(received).extracting(x -> x.getClass().getSimpleName()).containsExactly("Definition", "Changes");
        assertThat(received).extracting(TwinUpdate::sequence).containsExactly(1L, 2L);
    }
}
