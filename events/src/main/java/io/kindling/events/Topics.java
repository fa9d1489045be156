package io.kindling.events;

/** Kafka topic names, one per aggregate family. */
public final class Topics {

    public static final String SESSIONS = "kindling.sessions";
    public static final String CLUSTERS = "kindling.clusters";
    public static final String ENVIRONMENTS = "kindling.environments";
    public static final String DEADLINES = "kindling.deadlines";
    public static final String JOBS = "kindling.jobs";
    public static final String POOLS = "kindling.pools";

    private Topics() {
    }
}
