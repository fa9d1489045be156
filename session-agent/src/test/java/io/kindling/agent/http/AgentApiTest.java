package io.kindling.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindling.agent.AgentConfig;
import io.kindling.agent.driver.Health;
import io.kindling.agent.driver.SparkDriver;
import io.kindling.agent.session.SessionRegistry;
import io.kindling.agent.statement.SqlStatementKind;
import io.kindling.agent.statement.StatementKinds;
import java.io.StringReader;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routing and validation, on an agent whose SparkContext never started. */
class AgentApiTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private AgentApi api;

    @BeforeEach
    void startingAgent() throws Exception {
        Properties props = new Properties();
        props.load(new StringReader("""
                kindling.agent.port=1
                kindling.agent.secret=s
                kindling.agent.expected-executors=1
                spark.master=spark://127.0.0.1:7077
                """));
        Clock clock = Clock.systemUTC();
        SparkDriver driver = new SparkDriver(AgentConfig.parse(props), clock, code -> { });
        api = new AgentApi(driver, new SessionRegistry(clock, mapper, true),
                new StatementKinds(List.of(new SqlStatementKind(mapper, 10))));
    }

    private AgentApi.Reply call(String method, String path, String body) throws Exception {
        JsonNode json = body == null ? null : mapper.readTree(body);
        List<String> parts = List.of(path.substring(1).split("/"));
        return api.handle(new AgentApi.Request(method, parts, Map.of(), json));
    }

    private void assertRefused(String method, String path, String body, int status, String message) {
        assertThatThrownBy(() -> call(method, path, body)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void healthSaysStartingWhileTheContextIsNotUp() throws Exception {
        AgentApi.Reply reply = call("GET", "/health", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(((Health) reply.body()).state()).isEqualTo("starting");
    }

    @Test
    void refusesSessionsUntilReady() {
        assertRefused("POST", "/sessions", "{\"sessionId\":\"s-1\"}", 409,
                "agent is starting: SparkContext not started (waiting since");
    }

    @Test
    void validatesTheSessionId() {
        assertRefused("POST", "/sessions", "{}", 400, "body field 'sessionId'");
        assertRefused("POST", "/sessions", "{\"sessionId\":\"../x\"}", 400, "sessionId must match");
    }

    @Test
    void answers404ForUnknownSessionsAndEndpoints() {
        assertRefused("POST", "/sessions/s-9/statements", "{\"kind\":\"sql\",\"code\":\"SELECT 1\"}", 404, "no session s-9");
        assertRefused("GET", "/sessions/s-9/statements/0", null, 404, "no session s-9");
        assertRefused("DELETE", "/sessions/s-9", null, 404, "no session s-9");
        assertRefused("GET", "/nothing/here", null, 404, "no endpoint GET /nothing/here");
        assertRefused("PUT", "/health", null, 404, "no endpoint PUT /health");
    }

    @Test
    void shutdownIsAcceptedAndRunsAfterTheAnswer() throws Exception {
        AgentApi.Reply reply = call("POST", "/shutdown", null);

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.afterSend()).isNotNull();
    }
}
