package org.mviot.edge.cloud.mqtt.internal.link;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.mviot.edge.api.twin.GatewayFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Another client connecting with the gateway's client id makes the broker end the gateway's
 * connection: an attacker who knows the id, or a second gateway provisioned with the same id.
 * Reconnecting at once takes the session back, the other client does the same, and the two
 * ping-pong every second while commands go to whichever holds it. An MQTT 5 broker may say so with
 * a DISCONNECT of reason code 142, "session taken over" (HiveMQ does); Mosquitto 2.0 just closes
 * the older connection. So a takeover is either: reason code 142, or the broker closing an
 * established connection without any DISCONNECT (end of stream, no reason code), which a network
 * failure (reset, timeout) does not look like; a restart of the broker does, once.
 *
 * <p>Every takeover is counted. {@value #SUSPECT_COUNT} or more within {@link #WINDOW} start an
 * episode: one WARN line naming the client id and the broker, and from then on the link waits
 * before it takes the session back, doubling from {@link #FIRST_HOLD} up to {@link #MAX_HOLD} per
 * further takeover. The episode ends when no takeover came for {@link #WINDOW} beyond the last wait;
 * the next one is told again. The counts are feature {@value #FEATURE} of the gateway twin.
 */
public final class SessionTakeovers implements GatewayFeature {

    /** MQTT 5 reason code of a DISCONNECT sent because another connection took over the session. */
    public static final int SESSION_TAKEN_OVER = 0x8E;
    /** The gateway twin feature. */
    public static final String FEATURE = "link-security";
    /** Takeovers within {@link #WINDOW} that start an episode. */
    static final int SUSPECT_COUNT = 3;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration FIRST_HOLD = Duration.ofSeconds(2);
    static final Duration MAX_HOLD = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(SessionTakeovers.class);

    private final String clientId;
    private final Supplier<Instant> clock;
    private final Deque<Instant> recent = new ArrayDeque<>();
    private long total;
    private long byReasonCode;
    private Instant last;
    private boolean episode;
    private int inEpisode;
    private Duration hold = Duration.ZERO;
    private long episodes;

    /**
     * @param clientId the gateway's MQTT client id, named in the warning
     * @param clock    the time ({@code Instant::now})
     */
    public SessionTakeovers(String clientId, Supplier<Instant> clock) {
        this.clientId = clientId;
        this.clock = clock;
    }

    /** What a lost connection says about a takeover. */
    public enum Loss {
        /** DISCONNECT with reason code 142 */
        TAKEN_OVER,
        /** the broker closed the connection without a DISCONNECT: Mosquitto's way of ending a taken-over connection */
        CLOSED_BY_BROKER,
        /** anything else: a network failure, a keepalive timeout, another reason code */
        OTHER
    }

    /** Paho's reason code for a connection lost ({@code MqttClientException.REASON_CODE_CONNECTION_LOST}). */
    static final int CONNECTION_LOST = 32109;

    /**
     * Classifies a lost connection, wherever Paho put the reason.
     *
     * @param returnCode the DISCONNECT packet's reason code ({@code MqttDisconnectResponse.getReturnCode()}), when there was one
     * @param exception  the reason code of the exception Paho reported instead, or -1
     * @param cause      the exception's cause, or {@code null}
     * @return what it says
     */
    public static Loss classify(int returnCode, int exception, Throwable cause) {
        if (returnCode == SESSION_TAKEN_OVER || exception == SESSION_TAKEN_OVER) {
            return Loss.TAKEN_OVER;
        }
        return exception == CONNECTION_LOST && cause instanceof java.io.EOFException ? Loss.CLOSED_BY_BROKER : Loss.OTHER;
    }

    /**
     * Counts a takeover.
     *
     * @param loss   {@link Loss#TAKEN_OVER} or {@link Loss#CLOSED_BY_BROKER}
     * @param broker the broker that said so
     * @return how long to wait at least before taking the session back ({@link Duration#ZERO} outside an episode)
     */
    public synchronized Duration takenOver(Loss loss, String broker) {
        Instant now = clock.get();
        total++;
        if (loss == Loss.TAKEN_OVER) {
            byReasonCode++;
        }
        if (episode && !underWay(now)) {
            episode = false;
            hold = Duration.ZERO;
        }
        last = now;
        recent.addLast(now);
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(WINDOW))) {
            recent.removeFirst();
        }
        if (!episode && recent.size() >= SUSPECT_COUNT) {
            episode = true;
            episodes++;
            inEpisode = 0;
            LOG.warn("cloud link: the session of client id {} at {} was taken over {} times within {} s by another connection with the same "
                    + "client id ({}): a possible attack, or a second gateway provisioned with this id; taking it back only after a growing "
                    + "wait (up to {} s) from now on", clientId, broker, recent.size(), WINDOW.toSeconds(), loss == Loss.TAKEN_OVER
                            ? "reason code 142, session taken over" : "the broker closed the connection without a reason code, as Mosquitto does",
                    MAX_HOLD.toSeconds());
        }
        if (!episode) {
            return Duration.ZERO;
        }
        // 2, 4, 8, ... s, capped: the two clients no longer ping-pong every second
        hold = inEpisode >= 6 ? MAX_HOLD : min(FIRST_HOLD.multipliedBy(1L << inEpisode), MAX_HOLD);
        inEpisode++;
        return hold;
    }

    /** @return whether the episode still runs: a takeover came within the window after the last wait */
    private boolean underWay(Instant now) {
        return episode && last != null && !now.isAfter(last.plus(hold).plus(WINDOW));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public String featureId() {
        return FEATURE;
    }

    /**
     * @return {@code takeovers} (since the gateway started), {@code takeoversByReasonCode} (of them, told
     *         with reason code 142), {@code takeoverEpisodes} (runs of
     *         {@value #SUSPECT_COUNT}+ within a minute), {@code suspected} (one is under way),
     *         {@code holdMs} (the current wait before taking the session back) and
     *         {@code lastTakeoverAt} (ISO-8601, absent before the first)
     */
    @Override
    public synchronized Map<String, Object> properties() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("takeovers", total);
        m.put("takeoversByReasonCode", byReasonCode);
        m.put("takeoverEpisodes", episodes);
        boolean suspected = underWay(clock.get());
        m.put("suspected", suspected);
        m.put("holdMs", suspected ? hold.toMillis() : 0L);
        if (last != null) {
            m.put("lastTakeoverAt", last.toString());
        }
        return m;
    }
}
