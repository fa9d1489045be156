package io.kindling.agent.statement;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Turns the values of Spark {@link Row}s into plain JSON-friendly Java values: {@code null},
 * {@link Boolean}, {@link Number}, {@link String}, {@link List} and {@link Map}.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /** The values of {@code row} as a list. */
    public static List<Object> row(Row row) {
        List<Object> values = new ArrayList<>(row.length());
        for (int i = 0; i < row.length(); i++) {
            values.add(value(row.get(i)));
        }
        return values;
    }

    /**
     * One value: numbers stay numbers; dates and times become ISO-8601 strings (a
     * {@link Timestamp} as an instant in UTC); nested rows and sequences become lists; maps become
     * objects with string keys; binary becomes base64; anything else its {@code toString()}.
     */
    public static Object value(Object value) {
        if (value == null || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Number number) {
            return number(number);
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof TemporalAccessor temporal) {
            return temporal.toString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Row nested) {
            return row(nested);
        }
        if (value instanceof scala.collection.Map<?, ?> map) {
            return map(CollectionConverters.asJava(map));
        }
        if (value instanceof scala.collection.Iterable<?> iterable) {
            return list(CollectionConverters.asJava(iterable));
        }
        if (value instanceof Map<?, ?> map) {
            return map(map);
        }
        if (value instanceof Iterable<?> iterable) {
            return list(iterable);
        }
        if (value instanceof Object[] array) {
            return list(Arrays.asList(array));
        }
        return value.toString();
    }

    private static Object number(Number number) {
        if (number instanceof BigDecimal || number instanceof BigInteger || number instanceof Long
                || number instanceof Integer || number instanceof Short || number instanceof Byte
                || number instanceof Double || number instanceof Float) {
            return number;
        }
        return number.toString();
    }

    private static List<Object> list(Iterable<?> items) {
        List<Object> out = new ArrayList<>();
        for (Object item : items) {
            out.add(value(item));
        }
        return out;
    }

    private static Map<String, Object> map(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((key, item) -> out.put(String.valueOf(value(key)), value(item)));
        return out;
    }
}
