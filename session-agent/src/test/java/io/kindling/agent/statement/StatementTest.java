package io.kindling.agent.statement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatementTest {

    private final Statement statement = new Statement(0, "sql", "SELECT 1", "kindling-s-0");

    @Test
    void runsToAvailableWithItsOutput() throws InterruptedException {
        assertThat(statement.view(0).state()).isEqualTo("waiting");
        assertThat(statement.start(100)).isTrue();
        assertThat(statement.view(0.5).progress()).isEqualTo(0.5);

        statement.finish(JsonNodeFactory.instance.textNode("out"), 200);

        StatementView view = statement.view(0.5);
        assertThat(view).isEqualTo(new StatementView(0, "SELECT 1", "available", 100, 200, 1.0,
                JsonNodeFactory.instance.textNode("out")));
        assertThat(statement.await(Duration.ZERO)).isTrue();
    }

    @Test
    void aWaitingStatementIsCancelledAtOnceAndNeverStarts() throws InterruptedException {
        assertThat(statement.requestCancel(50)).isFalse();

        assertThat(statement.state()).isEqualTo(StatementState.CANCELLED);
        assertThat(statement.start(60)).isFalse();
        assertThat(statement.await(Duration.ZERO)).isTrue();
    }

    @Test
    void aRunningStatementGoesThroughCancellingAndDropsItsOutput() throws InterruptedException {
        statement.start(100);

        assertThat(statement.requestCancel(150)).isTrue();
        assertThat(statement.view(0.2).state()).isEqualTo("cancelling");
        assertThat(statement.await(Duration.ofMillis(1))).isFalse();
        statement.finish(JsonNodeFactory.instance.textNode("late"), 300);

        StatementView view = statement.view(0);
        assertThat(view.state()).isEqualTo("cancelled");
        assertThat(view.output()).isNull();
        assertThat(view.completed()).isEqualTo(300);
        assertThat(statement.requestCancel(400)).isFalse();
    }
}
