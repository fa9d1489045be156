package io.kindling.job.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Azure ML CLI v2 spark job spec after parsing: everything as written, nothing resolved. Build it with {@link
 * JobSpecParser}; {@link JobSpecValidator} checks it against a workspace. Maps keep the order written. Optional
 * strings and parts are {@code null} when absent; lists and maps are empty.
 *
 * @param name           {@code name}, unique per workspace when set
 * @param displayName    {@code display_name}
 * @param experimentName {@code experiment_name}
 * @param description    {@code description}
 * @param tags           {@code tags}
 * @param code           {@code code}: the source folder or an artifact reference, as given
 * @param entry          {@code entry}: the main class or Python file
 * @param jars           {@code jars}, for the driver and executor classpaths
 * @param files          {@code files}, copied to each executor's working directory
 * @param archives       {@code archives}, extracted into each executor's working directory
 * @param pyFiles        {@code py_files}, put on the {@code PYTHONPATH}
 * @param conf           {@code conf}: Spark properties, every value as text
 * @param args           {@code args}, with its {@code ${{inputs.x}}} and {@code ${{outputs.y}}} placeholders
 * @param inputs         the data inputs ({@code uri_file} or {@code uri_folder}) by name
 * @param literalInputs  the literal inputs (a number, string or boolean instead of data) by name, as text
 * @param outputs        the outputs by name
 * @param resources      {@code resources}, for a serverless job; {@code null} on an attached pool
 * @param compute        {@code compute}: the attached pool; {@code null} for a serverless job
 * @param identity       {@code identity}
 * @param environment    {@code environment}, kept raw for the environment service
 */
public record JobSpec(String name, String displayName, String experimentName, String description,
                      Map<String, String> tags, String code, JobEntry entry, List<String> jars, List<String> files,
                      List<String> archives, List<String> pyFiles, Map<String, String> conf, String args,
                      Map<String, DataBinding> inputs, Map<String, String> literalInputs,
                      Map<String, DataBinding> outputs, JobResources resources, String compute, Identity identity,
                      JobEnvironment environment) {

    public JobSpec {
        tags = ordered(tags);
        jars = List.copyOf(jars);
        files = List.copyOf(files);
        archives = List.copyOf(archives);
        pyFiles = List.copyOf(pyFiles);
        conf = ordered(conf);
        inputs = ordered(inputs);
        literalInputs = ordered(literalInputs);
        outputs = ordered(outputs);
    }

    /** Whether the job asks for serverless Spark ({@code resources}) rather than an attached pool. */
    public boolean isServerless() {
        return resources != null;
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
