package org.mviot.edge.cloud.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mviot.edge.api.twin.GatewayIdentity;
import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.testsupport.Await;
import org.mviot.edge.testsupport.ComponentConfigs;

/**
 * The link keeps no thread of its own at idle: its timing runs on the scheduler it is given (the
 * gateway's shared one), and the group commit's thread ends when commits stop.
 */
class LinkThreadsTest {

    @TempDir
    Path dir;

    private final ScheduledThreadPoolExecutor given = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "given-scheduler");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void stopScheduler() throws InterruptedException {
        given.shutdownNow();
        given.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void theLinksTimingRunsOnTheGivenSchedulerAndItsCommitThreadEndsWhenCommitsStop() throws Exception {
        LinkConfig config = ComponentConfigs.of(LinkConfig.class, Map.of("queue_dir", dir.resolve("q").toString(), "fsync_interval_ms", 50L));
        CloudLink link = new CloudLink(LinkSettings.resolve(config, k -> null, new GatewayIdentity() {
            @Override
            public String gatewayId() {
                return "gw";
            }

            @Override
            public ThingId thing() {
                return new ThingId("org.mviot.edge", "gw");
            }
        }), given);
        try {
            assertThat(given.getQueue()).as("the report and the group commit's look wait on the given scheduler").isNotEmpty();
            // the first look knows nothing of the queue yet: it commits, on the commit thread
            Await.until("a commit thread", () -> !threadsNamed("mviot-cloud-commit-").isEmpty());
            Await.until("the commit thread gone once commits stopped", () -> threadsNamed("mviot-cloud-commit-").isEmpty(),
                    () -> "threads: " + threadsNamed("mviot-cloud"));
            assertThat(threadsNamed("mviot-cloud-link")).as("no timer thread of the link's own").isEmpty();
        } finally {
            link.deactivate();
        }
    }

    private static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.startsWith(prefix)).toList();
    }
}
