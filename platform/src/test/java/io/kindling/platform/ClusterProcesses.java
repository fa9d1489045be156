package io.kindling.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Spark daemons of clusters, counted where they really are rather than where a row says they should be: the
 * process table (every daemon of the local backend carries {@code -Dkindling.cluster=<id>}), and the backend's own
 * record of every process it started for a cluster (the {@code launches} file in the cluster's directory).
 */
final class ClusterProcesses {

    private static final String TAG = "-Dkindling.cluster=";

    /** One process the backend started for a cluster, as its record lists it. */
    record Launch(Instant at, String role, long pid) {
        boolean alive() {
            return ClusterProcesses.alive(pid);
        }
    }

    /** A live process of the process table that belongs to a cluster. */
    record Running(long pid, String clusterId, String mainClass) {
        boolean master() {
            return mainClass.equals("org.apache.spark.deploy.master.Master");
        }
    }

    private ClusterProcesses() {
    }

    /** Every process started for {@code clusterId} under {@code clustersDir}, in the order they were started. */
    static List<Launch> launched(Path clustersDir, String clusterId) {
        Path record = clustersDir.resolve(clusterId).resolve("launches");
        try {
            return Files.exists(record) ? Files.readAllLines(record).stream().map(line -> line.split(" "))
                    .map(f -> new Launch(Instant.parse(f[0]), f[1], Long.parseLong(f[2]))).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The masters among {@link #launched}: one per start of the cluster. */
    static List<Launch> mastersLaunched(Path clustersDir, String clusterId) {
        return launched(clustersDir, clusterId).stream().filter(l -> l.role().equals("master")).toList();
    }

    /** Live processes of every cluster whose id starts with {@code clusterIdPrefix} ({@code kc-<session>-}). */
    static List<Running> running(String clusterIdPrefix) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).flatMap(p -> {
            List<String> args = p.info().arguments().map(List::of).orElse(List.of());
            Optional<String> cluster = args.stream().filter(a -> a.startsWith(TAG + clusterIdPrefix))
                    .map(a -> a.substring(TAG.length())).findFirst();
            // Supervised <parent pid> <main class> ...
            int supervised = args.indexOf("io.kindling.agent.Supervised");
            String main = supervised >= 0 && supervised + 2 < args.size() ? args.get(supervised + 2) : "?";
            return cluster.map(id -> new Running(p.pid(), id, main)).stream();
        }).toList();
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
