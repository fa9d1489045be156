package io.kindling.session.job;

/**
 * The cluster a job runs on, as ClusterProvisioned announced it.
 *
 * @param masterUrl {@code spark://host:port}
 * @param restUrl   the master's REST submission server
 * @param webUiUrl  the master's web UI (its {@code /json/} lists the workers, whose UIs serve driver logs)
 */
public record JobCluster(String id, String masterUrl, String restUrl, String webUiUrl) {
}
