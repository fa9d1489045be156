package io.kindling.gateway.job;

import io.kindling.job.spec.InvalidJobSpecException;
import io.kindling.job.spec.JobSpec;
import io.kindling.job.spec.JobSpecContext;
import io.kindling.job.spec.JobSpecError;
import io.kindling.job.spec.JobSpecs;
import io.kindling.job.spec.ValidatedJob;
import io.kindling.kit.job.JobCode;
import io.kindling.kit.problem.ApiProblem;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;

/**
 * The checks of a spec that need no upload: Azure ML's rules ({@link JobSpecs}), then what this install has
 * (the caller's workspace's attached pools), then whether an artifact it names is the caller's. Each refusal is a 400 whose
 * {@code code} is the {@link JobSpecError} name (or {@code COMPUTE_NOT_FOUND}) and whose {@code field} is the
 * spec path at fault.
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
            job = JobSpecs.validate(text, context);
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

    static ApiProblem problem(InvalidJobSpecException e) {
        return ApiProblem.badRequest(e.code().name(), e.getMessage()).with("field", e.field());
    }
}
