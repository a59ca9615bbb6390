package org.mviot.edge.core.internal.mapping;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.mviot.edge.api.device.Access;
import org.mviot.edge.api.device.ChannelType;
import org.mviot.edge.api.device.DeviceStatus;
import org.mviot.edge.api.device.Range;
import org.mviot.edge.api.position.Position;
import org.mviot.edge.api.sample.Quality;
import org.mviot.edge.api.time.TimeSource;
import org.mviot.edge.api.twin.FeatureDefinition;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.api.twin.TwinUpdate;
import org.mviot.edge.core.internal.acquisition.TimeBase;
import org.mviot.edge.core.internal.descriptor.ChannelConfig;
import org.mviot.edge.core.internal.descriptor.DerivedConfig;
import org.mviot.edge.core.internal.descriptor.DevicePosition;
import org.mviot.edge.core.internal.descriptor.DeviceConfig;
import org.mviot.edge.core.internal.descriptor.PiiMode;
import org.mviot.edge.core.internal.pipeline.ChannelPipeline;
import org.mviot.edge.core.internal.pipeline.PipelineSink;
import org.mviot.edge.core.internal.pipeline.ValueGuard;
import org.mviot.edge.core.internal.privacy.PersonalData;

/**
 * Maps devices to twins (IR-RecR-2): channel values to property changes of the device's thing, the
 * device's self-description to the twin's definition, and twin paths back to writable channels.
 */
public final class TwinMapper {

    /** Feature every device twin has for the device's working status. */
    public static final String STATUS_FEATURE = "deviceStatus";

    private final Uplink uplink;
    private final PersonalData personalData;
    private final TimeStamping stamping;
    private final Map<ThingId, Map<String, WriteTarget>> reverse = new ConcurrentHashMap<>();
    private final Map<ThingId, String> thingOwners = new ConcurrentHashMap<>();
    /** Twins of devices at the gateway, with the position last reported to each (empty: none yet or lost). */
    private final Map<ThingId, Optional<Position>> atGateway = new ConcurrentHashMap<>();

    /**
     * A mapper whose timestamps come from the unsynchronized system clock.
     *
     * @param uplink where changes go
     */
    public TwinMapper(Uplink uplink) {
        this(uplink, TimeBase.SYSTEM, new PersonalData(Path.of("core")));
    }

    /**
     * @param uplink       where changes go
     * @param personalData the guards of channels marked {@code "pii"}
     */
    public TwinMapper(Uplink uplink, PersonalData personalData) {
        this(uplink, TimeBase.SYSTEM, personalData);
    }

    /**
     * @param uplink where changes go
     * @param time   the clock the core stamps samples with: it judges each change's time quality
     */
    public TwinMapper(Uplink uplink, TimeBase time) {
        this(uplink, time, new PersonalData(Path.of("core")));
    }

    /**
     * @param uplink       where changes go
     * @param time         the clock the core stamps samples with: it judges each change's time quality
     * @param personalData the guards of channels marked {@code "pii"}
     */
    public TwinMapper(Uplink uplink, TimeBase time, PersonalData personalData) {
        this.uplink = uplink;
        this.stamping = new TimeStamping(time);
        this.personalData = personalData;
    }

    /** @return the uplink */
    public Uplink uplink() {
        return uplink;
    }

    /**
     * Starts mapping a device: registers its writable channels and queues its twin definition.
     *
     * @param config the device
     * @return the sink its pipeline reports to
     */
    public DeviceMapping attach(DeviceConfig config) {
        Map<String, WriteTarget> writes = new ConcurrentHashMap<>();
        for (ChannelConfig c : config.channels()) {
            if (c.spec().access().writable()) {
                writes.put(c.feature() + "/" + c.path(), new WriteTarget(config.id(), c));
            }
        }
        reverse.put(config.thing(), writes);
        thingOwners.put(config.thing(), config.id());
        uplink.define(definition(config));
        DevicePosition p = config.position();
        if (p.kind() == DevicePosition.Kind.FIXED) {
            long now = stamping.time().now();
            Position fixed = new Position(p.latitude(), p.longitude(), p.altitude(), Double.NaN, Position.Source.FIXED, now);
            reportPosition(config.thing(), Optional.of(fixed), now);
        } else if (p.kind() == DevicePosition.Kind.GATEWAY) {
            atGateway.put(config.thing(), Optional.empty());
        } else {
            atGateway.remove(config.thing());
        }
        return new DeviceMapping(config.thing());
    }

    /** Twin feature of a device's position ({@code "position"} in its descriptor). */
    public static final String POSITION_FEATURE = "position";

    /**
     * The gateway's position now: reported to the twin of every device at the gateway whose last
     * reported position differs (called every merge window). A lost position is {@code fix=false}
     * with the coordinates removed, never the last ones left standing as current.
     *
     * @param gateway the gateway's position, empty when none is known
     */
    public void gatewayPosition(Optional<Position> gateway) {
        for (Map.Entry<ThingId, Optional<Position>> e : atGateway.entrySet()) {
            if (!samePlace(e.getValue(), gateway)) {
                e.setValue(gateway);
                reportPosition(e.getKey(), gateway, stamping.time().now());
            }
        }
    }

    private static boolean samePlace(Optional<Position> a, Optional<Position> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() == b.isEmpty();
        }
        Position x = a.get();
        Position y = b.get();
        return x.latitude() == y.latitude() && x.longitude() == y.longitude() && Double.compare(x.altitude(), y.altitude()) == 0
                && x.source() == y.source();
    }

    private void reportPosition(ThingId thing, Optional<Position> position, long now) {
        TimeSource src = stamping.time().sourceAt(now);
        Position p = position.orElse(null);
        put(thing, "fix", p != null, now, src);
        put(thing, "source", p == null ? "none" : p.source().name().toLowerCase(java.util.Locale.ROOT), now, src);
        // null removes the reported property: a lost position leaves no stale coordinates behind
        put(thing, "lat", p == null ? null : p.latitude(), now, src);
        put(thing, "lon", p == null ? null : p.longitude(), now, src);
        put(thing, "alt", p == null || Double.isNaN(p.altitude()) ? null : p.altitude(), now, src);
    }

    private void put(ThingId thing, String path, Object value, long now, TimeSource src) {
        uplink.change(thing, POSITION_FEATURE + "/" + path,
                stamping.change(POSITION_FEATURE, path, value, now, value == null ? Quality.BAD : Quality.GOOD, src));
    }

    /**
     * Stops mapping a device.
     *
     * @param config the device
     */
    public void detach(DeviceConfig config) {
        if (config.id().equals(thingOwners.get(config.thing()))) {
            reverse.remove(config.thing());
            thingOwners.remove(config.thing());
            atGateway.remove(config.thing());
        }
    }

    /**
     * Finds the writable channel behind a twin property.
     *
     * @param thing   the twin
     * @param feature feature id
     * @param path    property path
     * @return the channel, if that property is a writable channel
     */
    public Optional<WriteTarget> resolve(ThingId thing, String feature, String path) {
        Map<String, WriteTarget> m = reverse.get(thing);
        return m == null ? Optional.empty() : Optional.ofNullable(m.get(feature + "/" + path));
    }

    /**
     * @param thing a twin
     * @return whether a device maps to it
     */
    public boolean knows(ThingId thing) {
        return reverse.containsKey(thing);
    }

    /**
     * The twin generated from a device's self-description.
     *
     * @param config the device
     * @return its definition (sequence number 0: the uplink numbers it)
     */
    public static TwinUpdate.Definition definition(DeviceConfig config) {
        List<FeatureDefinition> features = new ArrayList<>();
        for (ChannelConfig c : config.channels()) {
            if (c.pii() == PiiMode.DROP) {
                // not even its name and unit go to the cloud
                continue;
            }
            if (c.pii() != null) {
                features.add(new FeatureDefinition(c.feature(), c.path(), c.spec().name(), ChannelType.STRING, "", c.spec().access(),
                        Range.UNBOUNDED, false, "personal data: " + (c.pii() == PiiMode.HASH ? "HMAC-SHA256 token" : "AES-256-GCM for the cloud's key")));
                continue;
            }
            boolean transforms = c.scale() != 1.0 || c.offset() != 0.0;
            ChannelType t = c.spec().type() == ChannelType.INTEGER && transforms ? ChannelType.DOUBLE : c.spec().type();
            features.add(new FeatureDefinition(c.feature(), c.path(), c.spec().name(), t, c.spec().unit(), c.spec().access(),
                    c.spec().range(), false, c.spec().description()));
        }
        for (DerivedConfig d : config.derived()) {
            features.add(new FeatureDefinition(d.feature(), d.path(), d.name(), ChannelType.DOUBLE, d.unit(), Access.READ,
                    Range.UNBOUNDED, true, d.description().isEmpty() ? "= " + d.expression() : d.description()));
        }
        Map<String, String> attributes = new java.util.LinkedHashMap<>();
        attributes.put("description", config.descriptor().description());
        attributes.put("origin", config.origin());
        return new TwinUpdate.Definition(config.thing(), 0, config.id(), config.descriptor().driver(), attributes, features);
    }

    /** The sink of one device's pipeline, and its status reporter. */
    public final class DeviceMapping implements PipelineSink {
        private final ThingId thing;

        DeviceMapping(ThingId thing) {
            this.thing = thing;
        }

        /** @return the device's twin */
        public ThingId thing() {
            return thing;
        }

        /**
         * @param channel a channel of this device
         * @return its guard, or {@code null} when it is not personal data
         */
        public ValueGuard guard(ChannelConfig channel) {
            return personalData.guard(thing, channel);
        }

        @Override
        public void report(ChannelPipeline channel, String property, Object value, long timestamp, Quality quality,
                           TimeSource timeSource) {
            if (property == null) {
                uplink.change(thing, channel.key(), stamping.change(channel.feature(), channel.path(), value, timestamp, quality, timeSource));
            } else {
                String path = channel.extraPath(property);
                uplink.change(thing, channel.feature() + "/" + path,
                        stamping.change(channel.feature(), path, value, timestamp, quality, timeSource));
            }
        }

        /** The device's acquisition batch (a poll cycle's readings, or one event) has gone through its pipeline. */
        public void batchDone() {
            uplink.batchDone();
        }

        /**
         * The device's poll cycle has gone through its pipeline, on a core I/O thread holding no device
         * lock: the flush may run right here.
         */
        public void pollDone() {
            uplink.pollDone();
        }

        /**
         * A value the driver pushed has gone through the device's pipeline, on the driver's thread
         * holding no device lock: the flush may run right here.
         */
        public void pushDone() {
            uplink.pushDone();
        }

        /**
         * Reports the device's working status in the twin.
         *
         * @param status the status
         * @param source where the time came from
         */
        public void status(DeviceStatus status, TimeSource source) {
            long at = status.since().toEpochMilli();
            uplink.change(thing, STATUS_FEATURE + "/state",
                    stamping.change(STATUS_FEATURE, "state", status.state().name().toLowerCase(java.util.Locale.ROOT), at, Quality.GOOD, source));
            uplink.change(thing, STATUS_FEATURE + "/reason", stamping.change(STATUS_FEATURE, "reason", status.reason(), at, Quality.GOOD, source));
            uplink.change(thing, STATUS_FEATURE + "/since", stamping.change(STATUS_FEATURE, "since", status.since().toString(), at, Quality.GOOD, source));
        }
    }
}
