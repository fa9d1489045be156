package io.kindling.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kindling.events.ClusterSize;
import io.kindling.gateway.GatewayProperties;
import io.kindling.kit.problem.ApiProblem;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

class SessionRequestParserTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final SessionRequestParser parser = new SessionRequestParser(
            new GatewayProperties.Limits(16, 32, DataSize.ofGigabytes(16), DataSize.ofMegabytes(512)), 30,
            (runtime, yaml) -> {
                if (yaml.contains("python=3.10")) {
                    throw ApiProblem.badRequest("CONDA_RUNTIME_COMPONENT", "no")
                            .with("field", "conda");
                }
            });

    @Test
    void aCondaSpecIsCheckedForTheChosenRuntimeAndKept() {
        SessionSpec spec = parse("{\"conda\":\"dependencies: [numpy]\"}");
        assertThat(spec.conda()).isEqualTo("dependencies: [numpy]");
        assertThatThrownBy(() -> parse("{\"conda\":\"dependencies: [python=3.10]\"}"))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.fields()).containsEntry("field", "conda"));
        assertThatThrownBy(() -> parse("{\"conda\":[\"numpy\"]}")).hasMessageContaining("conda must be a string");
    }

    @Test
    void fullRequestIsReadWithLivyNames() {
        SessionSpec spec = parse("""
                {"name":"exploration","kind":"sql","runtimeVersion":"4.2","numExecutors":2,"executorCores":1,
                 "executorMemory":"512m","driverCores":1,"driverMemory":"1g","timeoutMinutes":45,
                 "conf":{"spark.sql.shuffle.partitions":"4"}}""");
        assertThat(spec.size()).isEqualTo(new ClusterSize(2, 1, 512, 1, 1024));
        assertThat(spec.timeoutMinutes()).isEqualTo(45);
        assertThat(spec.conf()).containsEntry("spark.sql.shuffle.partitions", "4");
    }

    @Test
    void emptyRequestGetsDocumentedDefaults() {
        SessionSpec spec = parse("{}");
        assertThat(spec.kind()).isEqualTo("sql");
        assertThat(spec.runtimeVersion()).isEqualTo("4.2");
        assertThat(spec.size()).isEqualTo(new ClusterSize(2, 1, 1024, 1, 1024));
        assertThat(spec.timeoutMinutes()).isEqualTo(30);
    }

    @ParameterizedTest(name = "{0} -> {1} on {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"numExecutors\":0}                     | INVALID_SIZE      | numExecutors",
            "{\"executorCores\":-1}                   | INVALID_SIZE      | executorCores",
            "{\"driverCores\":0}                      | INVALID_SIZE      | driverCores",
            "{\"numExecutors\":\"2\"}                 | INVALID_FIELD     | numExecutors",
            "{\"numExecutors\":2.5}                   | INVALID_FIELD     | numExecutors",
            "{\"executorMemory\":\"512\"}             | INVALID_MEMORY    | executorMemory",
            "{\"executorMemory\":\"512MB\"}           | INVALID_MEMORY    | executorMemory",
            "{\"driverMemory\":\"-1g\"}               | INVALID_MEMORY    | driverMemory",
            "{\"executorMemory\":\"100m\"}            | INVALID_MEMORY    | executorMemory",
            "{\"executorMemory\":512}                 | INVALID_FIELD     | executorMemory",
            "{\"runtimeVersion\":\"9.9\"}             | UNKNOWN_RUNTIME   | runtimeVersion",
            "{\"kind\":\"spark\"}                     | UNSUPPORTED_KIND  | kind",
            "{\"numExecutors\":17}                    | CAPACITY_EXCEEDED | numExecutors",
            "{\"numExecutors\":16,\"executorCores\":4}| CAPACITY_EXCEEDED | executorCores",
            "{\"numExecutors\":16,\"executorMemory\":\"2g\"} | CAPACITY_EXCEEDED | executorMemory",
            "{\"timeoutMinutes\":0}                   | INVALID_SIZE      | timeoutMinutes",
            "{\"timeoutMinutes\":20000}               | INVALID_FIELD     | timeoutMinutes",
            "{\"name\":\"../../etc\"}                 | INVALID_FIELD     | name",
            "{\"nmExecutors\":2}                      | UNKNOWN_FIELD     | nmExecutors",
            "{\"conf\":{\"spark.master\":\"local\"}}  | RESERVED_CONF     | conf.spark.master",
            "{\"conf\":{\"java.home\":\"/\"}}         | INVALID_CONF      | conf.java.home",
            "{\"conf\":{\"spark.sql.x\":1}}           | INVALID_CONF      | conf.spark.sql.x",
            "{\"conf\":{\"spark.x\":\"1\"}}             | CONF_NOT_ALLOWED  | conf.spark.x",
            "{\"conf\":{\"spark.executorEnv.A\":\"1\"}} | CONF_NOT_ALLOWED  | conf.spark.executorEnv.A",
            "{\"conf\":{\"spark.executor.memory\":\"1g\"}} | RESERVED_CONF | conf.spark.executor.memory",
            "{\"conf\":[]}                            | INVALID_FIELD     | conf",
            "{\"identity\":{\"type\":\"managed\"}}     | UNSUPPORTED_IDENTITY | identity.type",
            "{\"identity\":\"user_identity\"}         | INVALID_FIELD     | identity",
            "{\"identity\":{\"type\":\"user_identity\",\"client_id\":\"x\"}} | INVALID_FIELD | identity",
    })
    void invalidInputNamesTheField(String body, String code, String field) {
        ApiProblem problem = catchThrowableOfType(ApiProblem.class, () -> parse(body));
        assertThat(problem).as(body).isNotNull();
        assertThat(problem.code()).isEqualTo(code);
        assertThat(problem.fields()).containsEntry("field", field);
        assertThat(problem.status().value()).isEqualTo(400);
    }

    @Test
    void unsetTotalsDeriveFromThisHost() {
        GatewayProperties.Limits host = new GatewayProperties.Limits(16, null, null, DataSize.ofMegabytes(512));
        assertThat(host.effectiveMaxTotalCores()).isEqualTo(4 * Runtime.getRuntime().availableProcessors());
        long physicalMb = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / (1024 * 1024);
        assertThat(host.effectiveMaxTotalMemory().toMegabytes()).isBetween(physicalMb / 2, physicalMb);
    }

    @Test
    void aPysparkSessionNeedsARuntimeWithPython() {
        assertThat(parse("{\"kind\":\"pyspark\"}").kind()).isEqualTo("pyspark");
        ApiProblem problem = catchThrowableOfType(ApiProblem.class, () -> parser.parse(
                json.readTree("{\"kind\":\"pyspark\",\"runtimeVersion\":\"3.5\"}"), List.of("4.2", "3.5"),
                List.of("4.2"), "4.2"));
        assertThat(problem.code()).isEqualTo("UNSUPPORTED_KIND");
        assertThat(problem.fields()).containsEntry("field", "kind").containsEntry("runtimeVersion", "3.5");
        assertThat(problem.getMessage()).contains("runtime 3.5 has no Python").contains("[4.2]");
        // a SQL session is fine there
        assertThat(parser.parse(json.readTree("{\"runtimeVersion\":\"3.5\"}"), List.of("4.2", "3.5"),
                List.of("4.2"), "4.2").kind()).isEqualTo("sql");
    }

    @Test
    void nonObjectBodyIsRejected() {
        ApiProblem problem = catchThrowableOfType(ApiProblem.class, () -> parse("[1,2]"));
        assertThat(problem.code()).isEqualTo("MALFORMED_REQUEST");
    }

    @ParameterizedTest
    @CsvSource({"512m,512", "2g,2048", "1t,1048576", "1536k,2"})
    void memoryStrings(String text, long mb) {
        assertThat(MemorySize.parseMb(text)).contains(mb);
    }

    private SessionSpec parse(String body) {
        return parser.parse(json.readTree(body), List.of("4.2"), "4.2");
    }
}
