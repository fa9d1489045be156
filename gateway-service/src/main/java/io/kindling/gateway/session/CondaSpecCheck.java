package io.kindling.gateway.session;

import io.kindling.conda.spec.CondaSpecs;
import io.kindling.conda.spec.InvalidSpecException;
import io.kindling.kit.environment.EnvironmentsUnavailableException;
import io.kindling.kit.environment.RuntimeEnvironments;
import io.kindling.kit.problem.ApiProblem;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.SparkRuntime;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Checks a session's or job's conda spec before it is accepted: a bad spec is a 400 naming the entry, so the
 * user fixes it now rather than learning of it from a failed session or job.
 */
@Component
public class CondaSpecCheck {

    private final RuntimeCatalog runtimes;
    private final RuntimeEnvironments environments;

    CondaSpecCheck(RuntimeCatalog runtimes, RuntimeEnvironments environments) {
        this.runtimes = runtimes;
        this.environments = environments;
    }

    void check(String runtimeVersion, String yaml) {
        check(runtimeVersion, yaml, "conda");
    }

    /**
     * @param field the request field the spec came from, named by the problem
     */
    public void check(String runtimeVersion, String yaml, String field) {
        SparkRuntime runtime = runtimes.find(runtimeVersion).orElseThrow(() -> ApiProblem.badRequest(
                "UNKNOWN_RUNTIME", "runtime '" + runtimeVersion + "' is not installed").with("field", "runtimeVersion"));
        try {
            CondaSpecs.validate(yaml, environments.components(runtime), environments.policy());
        } catch (InvalidSpecException e) {
            throw ApiProblem.badRequest("CONDA_" + e.code(), e.getMessage()).with("field", field)
                    .with("entry", e.entry());
        } catch (EnvironmentsUnavailableException e) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "ENVIRONMENTS_UNAVAILABLE",
                    "this install cannot build conda environments now: " + e.getMessage()).with("field", field);
        }
    }
}
