package io.kindling.events;

/**
 * The size a user asked for. Memory is in MiB.
 *
 * @param numExecutors     executors (one standalone worker each on the local backend)
 * @param executorCores    cores per executor
 * @param executorMemoryMb heap per executor
 * @param driverCores      driver cores
 * @param driverMemoryMb   driver heap
 */
public record ClusterSize(int numExecutors, int executorCores, long executorMemoryMb,
                          int driverCores, long driverMemoryMb) {
}
