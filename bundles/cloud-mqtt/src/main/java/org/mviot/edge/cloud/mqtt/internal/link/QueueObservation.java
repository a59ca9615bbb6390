package org.mviot.edge.cloud.mqtt.internal.link;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Looks at the queue's offsets for {@link QueuedSince} a second after records were appended, and not
 * at all while none are: an idle link does not wake up once a second for it. The first append after a
 * look arms the next look, which marks every record appended meanwhile, so "queued at the latest" is
 * at most a second late, as with a look every second.
 */
final class QueueObservation {

    /** How long after an append the queue is looked at. */
    static final long DELAY_MILLIS = 1000;

    private final ScheduledExecutorService timer;
    private final Runnable look;
    private final AtomicBoolean armed = new AtomicBoolean();

    /**
     * @param timer the link's timer
     * @param look  notes the queue's offsets
     */
    QueueObservation(ScheduledExecutorService timer, Runnable look) {
        this.timer = timer;
        this.look = look;
    }

    /** Records were appended: look at the queue a second from now, unless a look is already due. */
    void appended() {
        if (armed.get() || !armed.compareAndSet(false, true)) {
            return;
        }
        try {
            timer.schedule(this::run, DELAY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the link is stopping: nobody asks any more
        }
    }

    private void run() {
        armed.set(false); // first: an append during the look arms the next one
        look.run();
    }
}
