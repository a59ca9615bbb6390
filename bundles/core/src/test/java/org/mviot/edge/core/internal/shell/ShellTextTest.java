package org.mviot.edge.core.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.mviot.edge.api.device.ChannelType;

class ShellTextTest {

    @Test
    void timesAreIsoUtcToTheMillisecondWithAFixedWidth() {
        assertThat(ShellText.time(Instant.parse("2026-12-07T14:03:27.123456789Z"))).isEqualTo("2026-12-07T14:03:27.123Z");
        assertThat(ShellText.time(Instant.parse("2026-12-07T14:03:27Z"))).isEqualTo("2026-12-07T14:03:27.000Z");
        assertThat(ShellText.time(0L)).as("never").isNull();
        assertThat(ShellText.time((Instant) null)).isNull();
    }

    @Test
    void anIntegerChannelNeverShowsAFraction() {
        assertThat(ShellText.value(ChannelType.INTEGER, 18L)).isEqualTo("18");
        assertThat(ShellText.value(ChannelType.INTEGER, 18.0)).isEqualTo("18");
        assertThat(ShellText.value(ChannelType.INTEGER, -70000L)).isEqualTo("-70000");
        assertThat(ShellText.value(ChannelType.DOUBLE, 18.5)).isEqualTo("18.5");
        assertThat(ShellText.value(ChannelType.DOUBLE, 18.0)).isEqualTo("18.0");
        assertThat(ShellText.value(ChannelType.BOOLEAN, true)).isEqualTo("true");
        assertThat(ShellText.value(ChannelType.DOUBLE, null)).isEqualTo("-");
    }

    @Test
    void durationsAndSizesReadAtAGlance() {
        assertThat(ShellText.duration(42)).isEqualTo("42s");
        assertThat(ShellText.duration(303)).isEqualTo("5m 03s");
        assertThat(ShellText.duration(7440)).isEqualTo("2h 04m");
        assertThat(ShellText.duration(262_800)).isEqualTo("3d 01h");
        assertThat(ShellText.bytes(512)).isEqualTo("512 B");
        assertThat(ShellText.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(ShellText.bytes(12L << 20)).isEqualTo("12.0 MiB");
    }

    @Test
    void tableColumnsAlignToTheWidestCellAndControlCharactersCannotBreakARow() {
        String t = new TextTable("DEVICE", "STATE", "REASON").row("pump", "online", "connected")
                .row("a-much-longer-id", null, "bad\nline\u001b[2J").toString();
        assertThat(t).isEqualTo("""
                DEVICE            STATE   REASON
                pump              online  connected
                a-much-longer-id  -       bad?line?[2J
                """);
    }
}
