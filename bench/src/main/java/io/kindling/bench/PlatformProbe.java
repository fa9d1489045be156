package io.kindling.bench;

import io.kindling.platform.Platform;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the load bench reads off the running platform and does to it: its CPU, its consumers paused and resumed,
 * the hops its services measured, and whether every session went through and every queue is empty.
 */
final class PlatformProbe {

    private PlatformProbe() {
    }

    /** CPU time this JVM has used so far, every thread (the services, the broker, the load). */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Pauses or resumes every input binding of every service (a paused consumer polls, and gets nothing). */
    static void consumers(Platform platform, boolean resume) {
        for (ConfigurableApplicationContext service : platform.services()) {
            BindingsLifecycleController bindings = service.getBean(BindingsLifecycleController.class);
            for (Map<String, Object> binding : bindings.queryStates()) {
                if (Boolean.TRUE.equals(binding.get("input"))) {
                    String name = String.valueOf(binding.get("bindingName"));
                    if (resume) {
                        bindings.resume(name);
                    } else {
                        bindings.pause(name);
                    }
                }
            }
        }
    }

    /** Each consumer's hop latency per event type, p50 and p99, as a table. */
    static void hops(Platform platform, StringBuilder body) {
        body.append("| event | consumer | n | p50 ms | p99 ms |\n|---|---|---|---|---|\n");
        for (ConfigurableApplicationContext service : platform.services()) {
            String name = service.getEnvironment().getRequiredProperty("spring.application.name");
            for (Timer hop : service.getBean(MeterRegistry.class).find("kindling.event.hop").timers()) {
                if (hop.count() == 0) {
                    continue;
                }
                double p50 = Double.NaN;
                double p99 = Double.NaN;
                for (ValueAtPercentile v : hop.takeSnapshot().percentileValues()) {
                    if (v.percentile() == 0.5) {
                        p50 = v.value(TimeUnit.MILLISECONDS);
                    } else if (v.percentile() == 0.99) {
                        p99 = v.value(TimeUnit.MILLISECONDS);
                    }
                }
                body.append(String.format("| %s | %s | %d | %.1f | %.1f |%n", hop.getId().getTag("type"), name,
                        hop.count(), p50, p99));
            }
        }
    }

    /**
     * Waits until {@code sessions} sessions have failed (each went the whole way: requested, its cluster refused,
     * failed), every outbox is empty and every consumer group has caught up, so one phase's events do not spill into
     * the next; returns how long.
     */
    static Duration awaitSettled(Platform platform, int sessions) throws InterruptedException {
        JdbcClient jdbc = platform.service("session-service").getBean(JdbcClient.class);
        long t0 = System.nanoTime();
        long until = t0 + Duration.ofMinutes(10).toNanos();
        try (Admin admin = Admin.create(platform.kafkaClientProperties())) {
            while (System.nanoTime() < until) {
                boolean quiet = platform.services().stream().allMatch(s -> {
                    var backlog = s.getBean(MeterRegistry.class).find("kindling.outbox.backlog").gauge();
                    return backlog == null || backlog.value() == 0;
                });
                // the count scans the session table (14 ms a call on average over a bench, more as the table grows;
                // asked on every poll of a drain it was a tenth of PostgreSQL's time), so it waits for a drained bus
                if (quiet && caughtUp(admin) && jdbc.sql("SELECT count(*) FROM session WHERE state = 'FAILED'")
                        .query(Long.class).single() >= sessions) {
                    return Duration.ofNanos(System.nanoTime() - t0);
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the sessions did not all settle within 10 minutes");
    }

    /** Whether every consumer group has committed up to the end of every partition it reads. */
    private static boolean caughtUp(Admin admin) {
        try {
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                for (var entry : committed.entrySet()) {
                    if (entry.getValue() == null || entry.getValue().offset() < ends.get(entry.getKey()).offset()) {
                        return false;
                    }
                }
            }
            return true;
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the consumer groups' lag", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Drops the warm-up's hop samples. */
    static void clearHops(Platform platform) {
        for (ConfigurableApplicationContext service : platform.services()) {
            MeterRegistry meters = service.getBean(MeterRegistry.class);
            meters.find("kindling.event.hop").timers().forEach(meters::remove);
        }
    }
}
