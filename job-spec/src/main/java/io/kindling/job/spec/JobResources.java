package io.kindling.job.spec;

/**
 * The {@code resources} of a serverless job: the node size and the Spark runtime to start.
 *
 * @param instanceType    the node size, e.g. {@code standard_e4s_v3}, as written
 * @param runtimeVersion  the runtime, e.g. {@code 3.4}, as written (never read as a number)
 */
public record JobResources(String instanceType, String runtimeVersion) {
}
