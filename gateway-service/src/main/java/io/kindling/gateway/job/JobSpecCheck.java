package io.kindling.gateway.job;

import io.kindling.job.spec.InvalidJobSpecException;
import io.kindling.job.spec.JobSpec;
import io.kindling.job.spec.JobSpecContext;
import io.kindling.job.spec.JobSpecError;
import io.kindling.job.spec.JobSpecParser;
import io.kindling.job.spec.JobSpecValidator;
import io.kindling.job.spec.ValidatedJob;
import io.kindling.kit.job.JobCode;
import io.kindling.kit.problem.ApiProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;

/**
 * The checks of a spec that need no upload: no NUL in any value, Azure ML's rules ({@link JobSpecParser},
 * {@link JobSpecValidator}), then what this install has (the caller's workspace's attached pools), then whether an
 * artifact it names is the caller's. Each refusal is a 400 whose {@code code} is the {@link JobSpecError} name (or
 * {@code COMPUTE_NOT_FOUND}) and whose {@code field} is the spec path at fault.
 */
final class JobSpecCheck {

    private JobSpecCheck() {
    }

    /**
     * @param ownsArtifact whether (artifact id, owner) is an artifact that owner uploaded
     * @param pools        the attached pools of the caller's workspace, which {@code compute} may name
     */
    static ValidatedJob validate(String text, JobSpecContext context, String owner,
                                 BiPredicate<String, String> ownsArtifact, boolean codeUploaded, List<String> pools) {
        ValidatedJob job;
        try {
            JobSpec parsed = JobSpecParser.parse(text);
            refuseNul(parsed);
            job = JobSpecValidator.validate(parsed, context);
        } catch (InvalidJobSpecException e) {
            throw problem(e);
        }
        JobSpec spec = job.spec();
        if (spec.compute() != null && !pools.contains(spec.compute())) {
            throw ApiProblem.badRequest("COMPUTE_NOT_FOUND", "compute '" + spec.compute() + "' names no attached "
                    + "Spark pool of your workspace; attached pools: " + (pools.isEmpty() ? "none yet" : pools)
                    + ". Give resources (instance_type, runtime_version) to run on serverless Spark instead")
                    .with("field", "compute").with("available", pools);
        }
        Matcher artifact = JobCode.ARTIFACT.matcher(spec.code().strip());
        if (!codeUploaded && artifact.matches() && !ownsArtifact.test(artifact.group(1), owner)) {
            throw problem(new InvalidJobSpecException(JobSpecError.FILE_NOT_FOUND, "code", "code '" + spec.code()
                    + "' names no uploaded artifact; upload it first with POST /api/v1/artifacts, or send it with "
                    + "the job (multipart part 'code')"));
        }
        return job;
    }

    /**
     * A NUL (an escape in a double-quoted YAML or a JSON string) in any value is refused before anything reads it:
     * PostgreSQL keeps no NUL in text, a path cannot have one, and no process takes one in an argument.
     */
    private static void refuseNul(JobSpec spec) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", spec.name());
        values.put("display_name", spec.displayName());
        values.put("experiment_name", spec.experimentName());
        values.put("description", spec.description());
        spec.tags().forEach((k, v) -> values.put("tags." + k, k + v));
        values.put("code", spec.code());
        values.put("entry", spec.entry() == null ? null : spec.entry().value());
        Map.of("jars", spec.jars(), "files", spec.files(), "archives", spec.archives(), "py_files", spec.pyFiles())
                .forEach((field, list) -> {
                    for (int i = 0; i < list.size(); i++) {
                        values.put(field + "[" + i + "]", list.get(i));
                    }
                });
        spec.conf().forEach((k, v) -> values.put("conf." + k, k + v));
        values.put("args", spec.args());
        spec.inputs().forEach((k, binding) -> values.put("inputs." + k + ".path", k + binding.path()));
        spec.literalInputs().forEach((k, v) -> values.put("inputs." + k, k + v));
        spec.outputs().forEach((k, binding) -> values.put("outputs." + k + ".path", k + binding.path()));
        values.put("compute", spec.compute());
        if (spec.identity() != null) {
            values.put("identity.client_id", spec.identity().clientId());
            values.put("identity.object_id", spec.identity().objectId());
            values.put("identity.msi_resource_id", spec.identity().msiResourceId());
        }
        if (spec.environment() != null) {
            values.put("environment.conda_file", spec.environment().reference());
        }
        values.forEach((field, value) -> {
            if (value != null && value.indexOf('\0') >= 0) {
                throw new InvalidJobSpecException(JobSpecError.INVALID_FIELD, field, field + " has a NUL character");
            }
        });
    }

    static ApiProblem problem(InvalidJobSpecException e) {
        return ApiProblem.badRequest(e.code().name(), e.getMessage()).with("field", e.field());
    }
}
