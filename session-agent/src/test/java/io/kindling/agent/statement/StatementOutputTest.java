package io.kindling.agent.statement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class StatementOutputTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void errorNamesTheExceptionAndListsItsCauses() {
        Exception error = new IllegalStateException("outer", new ArithmeticException("/ by zero"));

        ObjectNode out = StatementOutput.error(mapper, 3, error);

        assertThat(out.get("status").asText()).isEqualTo("error");
        assertThat(out.get("execution_count").asInt()).isEqualTo(3);
        assertThat(out.get("ename").asText()).isEqualTo("IllegalStateException");
        assertThat(out.get("evalue").asText()).isEqualTo("outer");
        assertThat(out.get("traceback")).hasSize(2);
        assertThat(out.get("traceback").get(1).asText())
                .isEqualTo("Caused by: java.lang.ArithmeticException: / by zero");
    }

    @Test
    void namesSparkInternalRefinementsAfterTheirPublicClass() {
        assertThat(StatementOutput.name(org.apache.spark.sql.catalyst.ExtendedAnalysisException.class))
                .isEqualTo("AnalysisException");
        assertThat(StatementOutput.name(org.apache.spark.sql.catalyst.parser.ParseException.class))
                .isEqualTo("ParseException");
        assertThat(StatementOutput.name(ArithmeticException.class)).isEqualTo("ArithmeticException");
    }

    @Test
    void sqlDataCarriesTheSchemaJsonRowsAndTable() throws Exception {
        StructType schema = new StructType().add("two", DataTypes.IntegerType, false);
        SqlStatementKind sql = new SqlStatementKind(mapper, 1000);

        ObjectNode out = StatementOutput.ok(mapper, 0,
                sql.data(schema, List.of(RowFactory.create(2)), false));

        assertThat(mapper.writeValueAsString(out)).isEqualTo("{\"status\":\"ok\",\"execution_count\":0,"
                + "\"data\":{\"application/json\":{\"schema\":{\"type\":\"struct\",\"fields\":[{\"name\":\"two\","
                + "\"type\":\"integer\",\"nullable\":false,\"metadata\":{}}]},\"data\":[[2]]},"
                + "\"text/plain\":\"+---+\\n|two|\\n+---+\\n|  2|\\n+---+\\n\"}}");
    }
}
