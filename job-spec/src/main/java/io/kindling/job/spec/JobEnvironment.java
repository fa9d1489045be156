package io.kindling.job.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job's {@code environment}, kept as written for the service that builds environments: either a reference
 * (a string such as {@code azureml:my-env:3}) or an inline definition (a mapping such as
 * {@code {conda_file: conda.yaml, image: ...}}). Exactly one is set.
 *
 * @param reference the string form, or {@code null}
 * @param inline    the mapping form with its nested maps and lists, unmodifiable, or {@code null}
 */
public record JobEnvironment(String reference, Map<String, Object> inline) {

    public JobEnvironment {
        if ((reference == null) == (inline == null)) {
            throw new IllegalArgumentException("an environment is either a reference or an inline mapping");
        }
        inline = inline == null ? null : freeze(inline);
    }

    @SuppressWarnings("unchecked")
    private static <T> T freeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), freeze(v)));
            return (T) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(freeze(v)));
            return (T) Collections.unmodifiableList(copy);
        }
        return (T) value;
    }
}
