package org.mviot.edge.core.internal.descriptor;

import static org.mviot.edge.core.internal.descriptor.JsonFields.duration;
import static org.mviot.edge.core.internal.descriptor.JsonFields.number;
import static org.mviot.edge.core.internal.descriptor.JsonFields.scalars;
import static org.mviot.edge.core.internal.descriptor.JsonFields.string;
import static org.mviot.edge.core.internal.descriptor.JsonFields.unknownFields;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.Acquisition;
import org.mviot.edge.api.device.ChannelSpec;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.core.internal.log.LogSafe;

import com.google.gson.JsonObject;

/** Reads one entry of a descriptor's {@code channels}: type, access, acquisition, range, transform, stages and twin target. */
final class ChannelReader {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Set<String> FIELDS = Set.of("name", "type", "unit", "access", "description", "poll", "event", "staleAfter",
            "address", "range", "scale", "offset", "stages", "twin", "pii");

    private final StageReader stages;

    ChannelReader(StageReader stages) {
        this.stages = stages;
    }

    /**
     * What was read of one channel.
     *
     * @param config the channel, or {@code null} when it has problems (recorded)
     * @param draft  the channel as its driver sees it, whenever its name, type and access could be read (its other
     *               parts may be wrong): the driver checks its address even while the core has other problems to report
     */
    record Result(ChannelConfig config, ChannelSpec draft) {
    }

    /** @return the channel, or a result without config when it has problems (recorded) */
    Result read(ParseContext cx, JsonObject o, String at) {
        int before = cx.count();
        unknownFields(cx, o, at, FIELDS, "device '" + cx.device + "' channel");
        String name = string(cx, o, at, "name", null, true);
        if (name != null && !NAME.matcher(name).matches()) {
            cx.problem(at + ".name", cx.who(name) + ": a name may hold only letters, digits, '_', '.' and '-'");
        }
        String who = cx.who(name);
        String typeText = string(cx, o, at, "type", null, true);
        ChannelType type = typeText == null ? null : ChannelType.byName(typeText);
        if (typeText != null && type == null) {
            cx.problem(at + ".type", who + ": unknown channel type " + LogSafe.quote(typeText) + " (expected boolean, integer, double or string)");
        }
        String accessText = string(cx, o, at, "access", "read", false);
        Access access = accessText == null ? null : Access.byName(accessText);
        if (accessText != null && access == null) {
            cx.problem(at + ".access", who + ": unknown access " + LogSafe.quote(accessText) + " (expected read, write or read_write)");
        }
        Acquisition acquisition = acquisition(cx, o, at, who, access);
        Range range = range(cx, o, at, who);
        double scale = number(cx, o, at, "scale", 1.0, who);
        double offset = number(cx, o, at, "offset", 0.0, who);
        if (scale == 0) {
            cx.problem(at + ".scale", who + ": scale must not be 0 (the inverse transform divides by it)");
        }
        if (type != null && !type.isNumeric() && (o.has("scale") || o.has("offset"))) {
            cx.problem(at + (o.has("scale") ? ".scale" : ".offset"), who + ": scale and offset apply only to integer and double channels, this one is " + typeText);
        }
        if (type != null && !type.isNumeric() && o.has("range")) {
            cx.problem(at + ".range", who + ": a range applies only to integer and double channels, this one is " + typeText);
        }
        List<StageSpec> stageSpecs = stages.read(cx, o, at, who, type == ChannelType.STRING);
        if (type == ChannelType.BOOLEAN && !o.has("stages")) {
            // a coil or switch polled every second would otherwise go up every second unchanged: booleans report
            // on change unless the descriptor says otherwise ("stages": [] reports every poll)
            stageSpecs = List.of(new StageSpec.DeadbandSpec(0, 0));
        }
        TwinTargetReader.Target twin = TwinTargetReader.read(cx, o, at, who, name);
        Map<String, String> address = scalars(cx, o, at, "address");
        PiiMode pii = pii(cx, o, at, who, access, stageSpecs);
        String unit = string(cx, o, at, "unit", "", false);
        String description = string(cx, o, at, "description", "", false);
        if (cx.count() > before) {
            return new Result(null, draft(name, type, unit, access, acquisition, address, description));
        }
        ChannelSpec spec = new ChannelSpec(name, type, unit, access, acquisition, range, address, description);
        return new Result(new ChannelConfig(spec, scale, offset, stageSpecs, twin.feature(), twin.path(), pii), spec);
    }

    /** A channel with problems, as far as a driver needs it; a wrong acquisition or range is left to the core's messages. */
    private static ChannelSpec draft(String name, ChannelType type, String unit, Access access, Acquisition acquisition,
                                     Map<String, String> address, String description) {
        if (name == null || !NAME.matcher(name).matches() || type == null || access == null) {
            return null;
        }
        try {
            return new ChannelSpec(name, type, unit == null ? "" : unit, access,
                    acquisition != null ? acquisition : access.readable() ? Acquisition.poll(Duration.ofSeconds(1)) : Acquisition.event(),
                    Range.UNBOUNDED, address, description == null ? "" : description);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A personal-data channel carries no stages (an alarm or a window mean of personal data tells
     * about it in clear) and is read-only (a command would carry the value in clear through the
     * log and the response); derived channels may not use it either ({@code DeviceReader}).
     */
    private static PiiMode pii(ParseContext cx, JsonObject o, String at, String who, Access access, List<StageSpec> stageSpecs) {
        String text = string(cx, o, at, "pii", null, false);
        if (text == null) {
            return null;
        }
        PiiMode mode = PiiMode.byName(text);
        if (mode == null) {
            cx.problem(at + ".pii", who + ": unknown pii " + LogSafe.quote(text) + " (expected drop, hash or encrypt)");
            return null;
        }
        if (stageSpecs != null && !stageSpecs.isEmpty()) {
            cx.problem(at + ".stages", who + ": a pii channel has no stages (they would report facts about personal data in clear)");
        }
        if (access != null && access.writable()) {
            cx.problem(at + ".access", who + ": a pii channel is read-only (a command would carry personal data in clear)");
        }
        return mode;
    }

    private static Acquisition acquisition(ParseContext cx, JsonObject o, String at, String who, Access access) {
        boolean poll = o.has("poll");
        boolean event = o.has("event") && o.get("event").isJsonPrimitive() && o.get("event").getAsJsonPrimitive().isBoolean()
                && o.get("event").getAsBoolean();
        if (o.has("event") && !(o.get("event").isJsonPrimitive() && o.get("event").getAsJsonPrimitive().isBoolean())) {
            cx.problem(at + ".event", who + ": event must be true or false");
        }
        if (poll && event) {
            cx.problem(at, who + ": give either poll or event, not both");
            return null;
        }
        if (poll) {
            Duration d = duration(cx, o, at, "poll", who);
            return d == null ? null : Acquisition.poll(d);
        }
        if (event) {
            Duration stale = o.has("staleAfter") ? duration(cx, o, at, "staleAfter", who) : Duration.ZERO;
            return stale == null ? null : new Acquisition.Event(stale);
        }
        if (access != null && access.readable()) {
            cx.problem(at, who + ": a readable channel needs \"poll\": \"<period>\" or \"event\": true");
            return null;
        }
        return Acquisition.event();
    }

    private static Range range(ParseContext cx, JsonObject o, String at, String who) {
        if (!o.has("range")) {
            return Range.UNBOUNDED;
        }
        if (!o.get("range").isJsonObject()) {
            cx.problem(at + ".range", who + ": range is an object {\"min\": …, \"max\": …}");
            return null;
        }
        JsonObject r = o.getAsJsonObject("range");
        double min = number(cx, r, at + ".range", "min", Double.NEGATIVE_INFINITY, who);
        double max = number(cx, r, at + ".range", "max", Double.POSITIVE_INFINITY, who);
        if (min > max) {
            cx.problem(at + ".range", who + ": range min " + min + " is above max " + max);
            return null;
        }
        return new Range(min, max);
    }
}
