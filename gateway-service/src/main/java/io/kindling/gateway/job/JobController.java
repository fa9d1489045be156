package io.kindling.gateway.job;

import io.kindling.gateway.IdempotencyKey;
import io.kindling.gateway.cluster.Timelines;
import io.kindling.gateway.auth.Caller;
import io.kindling.gateway.runtime.RuntimeNotices;
import io.kindling.kit.problem.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/jobs}: submit Azure ML CLI v2 spark jobs (YAML or JSON, alone or with their code), read them with
 * their timeline and driver log, and kill them.
 */
@RestController
@RequestMapping("/api/v1/jobs")
class JobController {

    static final List<String> STREAMS = List.of("stdout", "stderr");

    private final JobSubmissions submissions;
    private final JobLookup lookup;
    private final JobRequests requests;
    private final Timelines timelines;
    private final RuntimeNotices notices;

    JobController(JobSubmissions submissions, JobLookup lookup, JobRequests requests, Timelines timelines,
                  RuntimeNotices notices) {
        this.notices = notices;
        this.submissions = submissions;
        this.lookup = lookup;
        this.requests = requests;
        this.timelines = timelines;
    }

    /** The spec alone, as the body. */
    @PostMapping(consumes = {"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<Object> submit(HttpServletRequest request,
                                  Caller caller,
                                  @RequestHeader(name = IdempotencyKey.HEADER, required = false) String key)
            throws IOException {
        return accepted(submissions.submit(caller, JobRequestReader.body(request.getInputStream(), charset(request)),
                IdempotencyKey.of(key)));
    }

    /** Part {@code spec} and, optionally, part {@code code}: the job's code, stored as an artifact. */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Object> submitWithCode(MultipartHttpServletRequest request,
                                          Caller caller,
                                          @RequestHeader(name = IdempotencyKey.HEADER, required = false) String key)
            throws IOException {
        return accepted(submissions.submit(caller, JobRequestReader.multipart(request), IdempotencyKey.of(key)));
    }

    /** The caller's jobs, or with {@code scope=workspace} (admins) every job accepted in the workspace. */
    @GetMapping
    Map<String, Object> list(Caller caller, @RequestParam(required = false) String scope) {
        List<JsonNode> jobs = caller.wantsWorkspace(scope) ? lookup.inWorkspace(caller.workspace())
                : lookup.list(caller.user());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", jobs.size());
        body.put("jobs", jobs);
        return body;
    }

    /** The job, with {@code timeline}: its history merged with its cluster's and the cluster's deadlines. */
    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable String id, Caller caller) {
        JsonNode job = lookup.view(lookup.require(id, caller.user()));
        Map<String, Object> view = new LinkedHashMap<>();
        job.properties().forEach(e -> view.put(e.getKey(), e.getValue()));
        notices.notice(job.path("runtimeVersion").asString(null)).ifPresent(n -> view.put("runtimeSupport", n));
        view.put("timeline", timelines.job(job));
        return view;
    }

    /** The driver's stdout or stderr as far as it has got; empty before the driver starts. */
    @GetMapping(value = "/{id}/log", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> log(@PathVariable String id, @RequestParam(defaultValue = "stdout") String stream,
                               Caller caller) {
        if (!STREAMS.contains(stream)) {
            throw ApiProblem.badRequest("INVALID_FIELD", "stream must be one of " + STREAMS + ", was '" + stream + "'")
                    .with("field", "stream");
        }
        String text = lookup.log(lookup.require(id, caller.user()), stream);
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8)).body(text);
    }

    /** Kills the job: JobCancelRequested, once however often it is asked. A finished job is a conflict. */
    @DeleteMapping("/{id}")
    ResponseEntity<Object> cancel(@PathVariable String id,
                                  Caller caller) {
        String owner = caller.user();
        JsonNode job = lookup.view(lookup.require(id, owner));
        String state = job.path("state").asString("");
        if (JobView.FINISHED.contains(state)) {
            throw ApiProblem.conflict("JOB_FINISHED", "job '" + id + "' has already " + state + "; there is nothing "
                    + "to kill").with("jobId", id).with("state", state);
        }
        requests.requestCancel(id, owner);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(job);
    }

    private ResponseEntity<Object> accepted(JobSubmissions.Submitted submitted) {
        AcceptedJob job = submitted.job();
        Map<String, Object> view = new LinkedHashMap<>(JobView.queued(job));
        if (submitted.existing()) {
            lookup.live(job.id()).ifPresent(live -> {
                view.clear();
                live.properties().forEach(e -> view.put(e.getKey(), e.getValue()));
            });
        }
        notices.notice(job.runtimeVersion()).ifPresent(n -> view.put("runtimeSupport", n));
        return ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id()))
                .headers(notices.headers(job.runtimeVersion())).body(view);
    }

    private static Charset charset(HttpServletRequest request) {
        try {
            return request.getCharacterEncoding() == null ? StandardCharsets.UTF_8
                    : Charset.forName(request.getCharacterEncoding());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("MALFORMED_SPEC", "unknown charset '" + request.getCharacterEncoding() + "'")
                    .with("field", "spec");
        }
    }
}
