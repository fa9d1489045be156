package io.kindling.agent.statement;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A statement as Livy shows it.
 *
 * @param id statement id, counted from 0 per session
 * @param code the code as submitted
 * @param state {@link StatementState#wireName()}
 * @param started epoch millis when it started running, 0 before
 * @param completed epoch millis when it finished, 0 before
 * @param progress 0.0 to 1.0, from the tasks of its Spark jobs while running
 * @param output {@code null} until available; then a Livy {@code ok} or {@code error} output
 */
public record StatementView(int id, String code, String state, long started, long completed,
        double progress, JsonNode output) {
}
