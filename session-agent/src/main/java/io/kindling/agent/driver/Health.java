package io.kindling.agent.driver;

/**
 * What {@code GET /health} answers.
 *
 * @param state the agent state, lower case on the wire
 * @param executors executors registered with the SparkContext (the driver not counted)
 * @param appId Spark application id, {@code null} before the SparkContext exists
 * @param sparkVersion version of the Spark runtime the agent runs on
 * @param message why the agent failed, or what it is still waiting for; {@code null} when ready
 */
public record Health(String state, int executors, String appId, String sparkVersion, String message) {
}
