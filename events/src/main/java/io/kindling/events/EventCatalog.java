package io.kindling.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event type: its CloudEvents {@code type}, payload class and topic. The contract between services. */
public final class EventCatalog {

    /** One row of the catalog. */
    public record Entry(String type, Class<? extends DomainEvent> payload, String topic) {
    }

    public static final List<Entry> ALL = List.of(
            new Entry(SessionRequested.TYPE, SessionRequested.class, Topics.SESSIONS),
            new Entry(SessionStopRequested.TYPE, SessionStopRequested.class, Topics.SESSIONS),
            new Entry(SessionStarted.TYPE, SessionStarted.class, Topics.SESSIONS),
            new Entry(SessionEnded.TYPE, SessionEnded.class, Topics.SESSIONS),
            new Entry(SessionIdle.TYPE, SessionIdle.class, Topics.SESSIONS),
            new Entry(SessionBusy.TYPE, SessionBusy.class, Topics.SESSIONS),
            new Entry(SessionExpired.TYPE, SessionExpired.class, Topics.DEADLINES),
            new Entry(ClusterProvisioned.TYPE, ClusterProvisioned.class, Topics.CLUSTERS),
            new Entry(ClusterFailed.TYPE, ClusterFailed.class, Topics.CLUSTERS),
            new Entry(ClusterTornDown.TYPE, ClusterTornDown.class, Topics.CLUSTERS),
            new Entry(ClusterReleased.TYPE, ClusterReleased.class, Topics.CLUSTERS),
            new Entry(ClusterPrewarmed.TYPE, ClusterPrewarmed.class, Topics.CLUSTERS),
            new Entry(TeardownDue.TYPE, TeardownDue.class, Topics.DEADLINES),
            new Entry(EnvironmentReady.TYPE, EnvironmentReady.class, Topics.ENVIRONMENTS),
            new Entry(EnvironmentFailed.TYPE, EnvironmentFailed.class, Topics.ENVIRONMENTS),
            new Entry(JobSubmitted.TYPE, JobSubmitted.class, Topics.JOBS),
            new Entry(JobAccepted.TYPE, JobAccepted.class, Topics.JOBS),
            new Entry(JobCancelRequested.TYPE, JobCancelRequested.class, Topics.JOBS),
            new Entry(JobStarted.TYPE, JobStarted.class, Topics.JOBS),
            new Entry(JobSucceeded.TYPE, JobSucceeded.class, Topics.JOBS),
            new Entry(JobFailed.TYPE, JobFailed.class, Topics.JOBS),
            new Entry(PoolAttached.TYPE, PoolAttached.class, Topics.POOLS),
            new Entry(PoolDetached.TYPE, PoolDetached.class, Topics.POOLS));

    private static final Map<String, Entry> BY_TYPE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Entry::type, Function.identity()));
    private static final Map<Class<?>, Entry> BY_CLASS =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Entry::payload, Function.identity()));

    private EventCatalog() {
    }

    public static Optional<Entry> byType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    public static Entry of(Class<? extends DomainEvent> payload) {
        Entry entry = BY_CLASS.get(payload);
        if (entry == null) {
            throw new IllegalArgumentException("not in the event catalog: " + payload.getName());
        }
        return entry;
    }
}
