package org.mviot.edge.console.web.internal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mviot.edge.console.web.internal.http.ApiException;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class DescriptorFileNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"boiler.json", "sim-pump.json", "a.json", "plant_3.v2.json", "0.json"})
    void plainLowerCaseNamesEndingInJsonAreAccepted(String name) {
        assertThat(DescriptorFileName.valid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../gateway.properties", "..json", "a..json", "/etc/passwd.json", "sub/dir.json", "Boiler.json", ".hidden.json",
            "boiler.json.part", "boiler", "", "a\u0000.json", "a\n.json", "%2e%2e.json", "-x.json", "a b.json"})
    void namesThatCouldLeaveTheDirectoryOrHideAreRefusedWith400(String name) {
        assertThat(DescriptorFileName.valid(name)).isFalse();
        assertThatThrownBy(() -> DescriptorFileName.check(name)).isInstanceOf(ApiException.class).satisfies(e -> {
            assertThat(((ApiException) e).status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("is not allowed").doesNotContain("\n");
        });
    }

    @Test
    void aNameOfAtMost64CharactersBeforeJsonIsAccepted() {
        assertThat(DescriptorFileName.valid("a".repeat(64) + ".json")).isTrue();
        assertThat(DescriptorFileName.valid("a".repeat(65) + ".json")).isFalse();
    }

    @Property
    void noAcceptedNameContainsASeparatorOrParentReference(@ForAll String name) {
        if (DescriptorFileName.valid(name)) {
            assertThat(name).doesNotContain("/").doesNotContain("\\").doesNotContain("..").endsWith(".json");
            assertThat(java.nio.file.Path.of("/conf/devices").resolve(name).normalize().getParent()).isEqualTo(java.nio.file.Path.of("/conf/devices"));
        }
    }
}
