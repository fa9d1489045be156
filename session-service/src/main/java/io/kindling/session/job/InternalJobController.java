package io.kindling.session.job;

import io.kindling.kit.problem.ApiProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Internal reads of jobs for the gateway. */
@RestController
@RequestMapping("/internal/jobs")
class InternalJobController {

    private final JobRepository jobs;
    private final JobRunner runner;

    InternalJobController(JobRepository jobs, JobRunner runner) {
        this.jobs = jobs;
        this.runner = runner;
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable String id) {
        return view(find(id));
    }

    /** An owner's jobs, or a workspace's ({@code workspace}: the jobs the gateway accepted in it). */
    @GetMapping
    Map<String, Object> list(@RequestParam(required = false) String owner,
                             @RequestParam(required = false) String workspace) {
        if ((owner == null) == (workspace == null)) {
            throw ApiProblem.badRequest("INVALID_QUERY", "give exactly one of owner and workspace");
        }
        List<Job> found = owner != null ? jobs.byOwner(owner) : jobs.byWorkspace(workspace);
        return Map.of("jobs", found.stream().map(this::view).toList());
    }

    @GetMapping(path = "/{id}/log", produces = MediaType.TEXT_PLAIN_VALUE)
    String log(@PathVariable String id, @RequestParam(defaultValue = "stdout") String stream) {
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            throw ApiProblem.badRequest("INVALID_STREAM", "stream must be stdout or stderr, was '" + stream + "'");
        }
        return runner.log(find(id), stream);
    }

    private Job find(String id) {
        return jobs.find(id).orElseThrow(() -> ApiProblem.notFound("JOB_NOT_FOUND", "no job '" + id + "'")
                .with("jobId", id));
    }

    private Map<String, Object> view(Job j) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", j.id());
        view.put("name", j.name());
        view.put("displayName", j.displayName());
        view.put("experimentName", j.experimentName());
        view.put("description", j.description());
        view.put("tags", j.tags());
        view.put("owner", j.owner());
        view.put("workspace", j.access() == null ? null : j.access().workspace());
        view.put("identity", j.access() == null ? Map.of("type", "user", "name", j.owner())
                : Map.of("type", j.access().principalType(), "name", j.access().principal()));
        view.put("state", j.state().apiName());
        view.put("runtimeVersion", j.runtimeVersion());
        view.put("instanceType", j.instanceType());
        view.put("compute", j.compute());
        view.put("clusterId", j.clusterId());
        j.environment().apiView().ifPresent(environment -> view.put("environment", environment));
        view.put("sparkAppId", j.driverId());
        view.put("failureReason", j.failureReason() == null ? null : j.failureReason().name());
        view.put("exitReason", j.exitReason());
        view.put("createdAt", j.createdAt().toString());
        view.put("updatedAt", j.updatedAt().toString());
        List<Map<String, Object>> history = jobs.history(j.id()).stream().map(h -> Map.<String, Object>of(
                "state", h.state().apiName(), "reason", h.reason(), "at", h.at().toString())).toList();
        view.put("history", history);
        return view;
    }
}
