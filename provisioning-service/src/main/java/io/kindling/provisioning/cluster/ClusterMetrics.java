package io.kindling.provisioning.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code kindling.clusters{state=...}}: how many clusters are in each state now (terminal states count every
 * cluster that ever ended there). Counted in the database at most once a second, however often it is scraped;
 * NaN while the database does not answer.
 */
@Component
class ClusterMetrics implements MeterBinder {

    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile Instant countedAt = Instant.EPOCH;
    private volatile Map<ClusterState, Double> counts = new EnumMap<>(ClusterState.class);

    ClusterMetrics(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ClusterState state : ClusterState.values()) {
            Gauge.builder("kindling.clusters", this, m -> m.count(state)).description("Clusters by state")
                    .tag("state", state.name().toLowerCase(Locale.ROOT)).register(registry);
        }
    }

    private double count(ClusterState state) {
        Instant now = clock.instant();
        if (Duration.between(countedAt, now).compareTo(FRESH_FOR) >= 0) {
            Map<ClusterState, Double> fresh = new EnumMap<>(ClusterState.class);
            try {
                for (ClusterState s : ClusterState.values()) {
                    fresh.put(s, 0.0);
                }
                jdbc.sql("SELECT state, count(*) FROM cluster GROUP BY state").query(rs -> {
                    fresh.put(ClusterState.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)), (double) rs.getLong(2));
                });
            } catch (RuntimeException databaseDown) {
                fresh.clear();
            }
            counts = fresh;
            countedAt = now;
        }
        return counts.getOrDefault(state, Double.NaN);
    }
}
