package io.kindling.job.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The job's {@code environment}, kept as written for the service that builds environments: either a reference
 * (a string such as {@code azureml:my-env:3}) or an inline definition (a mapping such as
 * {@code {conda_file: conda.yaml, image: ...}}). Exactly one is set.
 *
 * <p>Kindling builds environments from conda specs and has no environment registry, so only the inline form runs
 * (see {@link #check}): its {@code conda_file} is a file in the job's code folder, or the conda spec itself as a
 * mapping. {@code image} is accepted and not used: every job runs on its Spark runtime's own image.
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

    /** The keys an inline environment may have (Azure ML's, less what only its registry uses). */
    static final Set<String> INLINE_KEYS = Set.of("conda_file", "image", "name", "version", "description", "tags");

    /**
     * Checks that this environment can be built here.
     *
     * @throws InvalidJobSpecException naming {@code environment} or the key at fault
     */
    void check() {
        if (reference != null) {
            throw new InvalidJobSpecException(JobSpecError.INVALID_FIELD, "environment", "environment '" + reference
                    + "' names a registered environment; Kindling builds each job's environment from its conda spec, "
                    + "so give it inline: environment: {conda_file: conda.yaml} (a file in the job's code) or the "
                    + "conda spec itself under conda_file");
        }
        for (String key : inline.keySet()) {
            if (!INLINE_KEYS.contains(key)) {
                throw new InvalidJobSpecException(JobSpecError.UNKNOWN_FIELD, "environment." + key, "environment has "
                        + "no field '" + key + "'; an inline environment has " + INLINE_KEYS.stream().sorted().toList());
            }
        }
        Object conda = inline.get("conda_file");
        if (conda == null) {
            throw new InvalidJobSpecException(JobSpecError.MISSING_FIELD, "environment.conda_file", "environment "
                    + "needs conda_file: the conda spec the job's environment is built from");
        }
        if (!(conda instanceof Map<?, ?>) && !(conda instanceof String path && !path.isBlank())) {
            throw new InvalidJobSpecException(JobSpecError.INVALID_FIELD, "environment.conda_file", "environment."
                    + "conda_file must be a file name in the job's code or the conda spec as a mapping");
        }
    }

    /** The {@code conda_file} when it names a file, else {@code null}. */
    public String condaFile() {
        return inline != null && inline.get("conda_file") instanceof String file ? file.strip() : null;
    }

    /** The {@code conda_file} as YAML text when it is written inline as a mapping, else {@code null}. */
    public String inlineConda() {
        if (inline == null || !(inline.get("conda_file") instanceof Map<?, ?> spec)) {
            return null;
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(spec);
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
