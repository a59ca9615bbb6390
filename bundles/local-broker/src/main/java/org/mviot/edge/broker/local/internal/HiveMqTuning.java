package org.mviot.edge.broker.local.internal;

import com.hivemq.configuration.service.InternalConfigurations;

/**
 * HiveMQ's internal settings for a broker of a handful of local clients inside a small gateway.
 * HiveMQ sizes itself for a server of thousands of clients: 64 persistence buckets per
 * persistence, thread pools of two to four times the processor count for its single writer,
 * persistence start-up and extension tasks, metrics published over JMX. In memory and with a few
 * clients none of that pays for the start time, the threads and the heap it costs.
 *
 * <p>These are process-wide statics of the HiveMQ classes embedded in this bundle (nobody else
 * sees them), set before each start.
 */
final class HiveMqTuning {

    /** Persistence buckets: a bucket is a lock domain and a map; a few clients need few. */
    static final int BUCKETS = 4;

    private HiveMqTuning() {
    }

    /** Applies the settings; takes effect at the next start. */
    static void apply() {
        InternalConfigurations.PERSISTENCE_BUCKET_COUNT.set(BUCKETS);
        InternalConfigurations.SINGLE_WRITER_THREAD_POOL_SIZE.set(1);
        InternalConfigurations.PERSISTENCE_STARTUP_THREAD_POOL_SIZE.set(1);
        InternalConfigurations.PAYLOAD_PERSISTENCE_CLEANUP_THREADS.set(1);
        InternalConfigurations.MQTT_EVENT_EXECUTOR_THREAD_COUNT.set(1);
        InternalConfigurations.EXTENSION_TASK_QUEUE_EXECUTOR_THREADS_COUNT.set(1);
        InternalConfigurations.MANAGED_EXTENSION_THREAD_POOL_THREADS_COUNT.set(1);
        // nobody reads HiveMQ's metrics over JMX in a gateway; registering them costs start time
        InternalConfigurations.JMX_REPORTER_ENABLED.set(false);
        // HiveMQ waits this long for persistence writes still under way when it stops (2 s by default);
        // in memory there is nothing to flush, and a SIGTERM gives the whole gateway under 5 s. What is
        // left of its stop is netty's fixed 2 s quiet period.
        InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.set(200);
    }
}
