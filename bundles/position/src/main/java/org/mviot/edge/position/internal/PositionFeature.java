package org.mviot.edge.position.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.mviot.edge.api.position.Position;
import org.mviot.edge.api.twin.GatewayFeature;
import org.mviot.edge.position.internal.gnss.FixStatus;
import org.mviot.edge.position.internal.gnss.GnssFix;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The gateway twin's {@code position} feature (issue 12):
 * <ul>
 * <li>{@code fix}: whether a current position is known; {@code source}: the GNSS source that has a fix
 * ({@code nmea <port>}, {@code gpsd <host>:<port>}), {@code fixed} (provisioned) or {@code none};</li>
 * <li>while there is one: {@code lat}, {@code lon}, {@code alt} (metres above the ellipsoid, when known),
 * {@code accuracy.m}; of a GNSS fix also {@code satellites}, {@code hdop};</li>
 * <li>{@code lastFix}: when the last good GNSS fix arrived; {@code gnss}: a GNSS source's state in words
 * (why it has no fix).</li>
 * </ul>
 * A lost fix shows as {@code fix=false} without coordinates (or with the provisioned ones under
 * {@code source=fixed}): the last good coordinates are never presented as current.
 */
@Component(service = GatewayFeature.class)
public final class PositionFeature implements GatewayFeature {

    private final PositionComponent position;

    /**
     * @param position the position component
     */
    @Activate
    public PositionFeature(@Reference PositionComponent position) {
        this.position = position;
    }

    @Override
    public String featureId() {
        return "position";
    }

    @Override
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        List<FixStatus> gnss = position.gnss();
        List<String> names = position.gnssNames();
        GnssFix current = null;
        String currentSource = null;
        GnssFix lastGood = null;
        String problem = null;
        for (int i = 0; i < gnss.size(); i++) {
            FixStatus s = gnss.get(i);
            if (current == null && s.current().isPresent()) {
                current = s.current().get();
                currentSource = names.get(i);
            }
            if (s.lastGood() != null && (lastGood == null || s.lastGood().receivedMillis() > lastGood.receivedMillis())) {
                lastGood = s.lastGood();
            }
            if (problem == null && s.current().isEmpty()) {
                problem = names.get(i) + ": " + s.reason();
            }
        }
        if (current != null) {
            p.put("fix", true);
            p.put("source", currentSource);
            coordinates(p, current.toPosition());
            if (current.satellites() >= 0) {
                p.put("satellites", (long) current.satellites());
            }
            if (!Double.isNaN(current.hdop())) {
                p.put("hdop", current.hdop());
            }
            lastGood = current;
        } else {
            Optional<Position> fixed = position.position().filter(x -> x.source() == Position.Source.FIXED);
            p.put("fix", fixed.isPresent());
            p.put("source", fixed.isPresent() ? "fixed" : "none");
            fixed.ifPresent(f -> coordinates(p, f));
        }
        if (lastGood != null) {
            p.put("lastFix", Instant.ofEpochMilli(lastGood.receivedMillis()).toString());
        }
        if (problem != null && current == null) {
            p.put("gnss", problem);
        }
        return p;
    }

    private static void coordinates(Map<String, Object> p, Position pos) {
        p.put("lat", pos.latitude());
        p.put("lon", pos.longitude());
        if (!Double.isNaN(pos.altitude())) {
            p.put("alt", pos.altitude());
        }
        if (!Double.isNaN(pos.accuracy())) {
            p.put("accuracy.m", pos.accuracy());
        }
    }
}
