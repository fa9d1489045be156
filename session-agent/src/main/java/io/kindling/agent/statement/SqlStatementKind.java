package io.kindling.agent.statement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * {@code sql} statements: {@code session.sql(code)}, at most {@code maxRows} rows collected.
 * Output data: {@code application/json} with the schema (Spark's {@code StructType} JSON) and the
 * rows as arrays, and {@code text/plain} with a {@code show()}-like table.
 */
public final class SqlStatementKind implements StatementKind {

    private final ObjectMapper mapper;
    private final int maxRows;

    /** Collects at most {@code maxRows} rows per statement. */
    public SqlStatementKind(ObjectMapper mapper, int maxRows) {
        this.mapper = mapper;
        this.maxRows = maxRows;
    }

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public StatementRunner open(SparkSession session) {
        return (code, executionCount) -> {
            Dataset<Row> result = session.sql(code);
            List<Row> rows = result.takeAsList(maxRows + 1);
            boolean truncated = rows.size() > maxRows;
            return data(result.schema(), truncated ? rows.subList(0, maxRows) : rows, truncated);
        };
    }

    ObjectNode data(StructType schema, List<Row> rows, boolean truncated) throws JsonProcessingException {
        List<List<Object>> values = rows.stream().map(JsonValues::row).toList();
        ObjectNode json = mapper.createObjectNode();
        json.set("schema", mapper.readTree(schema.json()));
        json.set("data", mapper.valueToTree(values));
        ObjectNode data = mapper.createObjectNode();
        data.set("application/json", json);
        data.put("text/plain", TextTable.render(Arrays.asList(schema.fieldNames()), values, truncated));
        return data;
    }
}
