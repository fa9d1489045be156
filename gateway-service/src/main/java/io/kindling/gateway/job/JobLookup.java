package io.kindling.gateway.job;

import io.kindling.gateway.internal.InternalServices;
import io.kindling.gateway.auth.Caller;
import io.kindling.kit.problem.ApiProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds a caller's jobs: session-service's view when it has the job, else the gateway's record (state
 * {@code queued}: JobSubmitted is on its way). Jobs other systems published on the bus are only in
 * session-service. Unknown ids and other people's jobs alike are 404 {@code JOB_NOT_FOUND}.
 */
@Component
class JobLookup {

    /**
     * A caller's job.
     *
     * @param accepted the gateway's record, or {@code null} for a job submitted on the bus
     * @param live     session-service's view, or {@code null} until it has applied JobSubmitted
     */
    record Found(AcceptedJob accepted, JsonNode live) {
    }

    private final JobRequests requests;
    private final InternalServices services;
    private final JsonMapper json;

    JobLookup(JobRequests requests, InternalServices services, JsonMapper json) {
        this.requests = requests;
        this.services = services;
        this.json = json;
    }

    Found require(String id, String owner) {
        if (!JobIds.ANY.matcher(id).matches()) {
            throw notFound(id);
        }
        Optional<AcceptedJob> accepted = requests.find(id);
        if (accepted.isPresent() && !accepted.get().owner().equals(owner)) {
            throw notFound(id);
        }
        JsonNode live = live(id).orElse(null);
        if (live != null && !owner.equals(live.path("owner").asString(""))) {
            throw notFound(id);
        }
        if (accepted.isEmpty() && live == null) {
            throw notFound(id);
        }
        return new Found(accepted.orElse(null), live);
    }

    /** The job as the API shows it. */
    JsonNode view(Found found) {
        return found.live() != null ? found.live() : json.valueToTree(JobView.queued(found.accepted()));
    }

    Optional<JsonNode> live(String id) {
        return services.sessions().find("/internal/jobs/" + id);
    }

    /**
     * The caller's jobs, newest first. A session-service that answers 404 here does not serve jobs (an older
     * version during a rolling deploy); the gateway's records still answer then. The owner is not encoded here:
     * {@link Caller} allows only characters legal in a query, and the client encodes the URI itself.
     */
    List<JsonNode> list(String owner) {
        return merged(services.sessions().find("/internal/jobs?owner=" + owner), requests.list(owner));
    }

    /** Every job accepted in {@code workspace} (a workspace admin's list); bus jobs belong to none. */
    List<JsonNode> inWorkspace(String workspace) {
        return merged(services.sessions().find("/internal/jobs?workspace=" + workspace),
                requests.inWorkspace(workspace));
    }

    /** session-service's jobs, and the accepted ones it has not applied yet, newest first. */
    private List<JsonNode> merged(Optional<JsonNode> live, List<AcceptedJob> acceptedJobs) {
        JsonNode known = live.map(n -> n.path("jobs")).orElse(null);
        List<JsonNode> jobs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (known != null) {
            for (JsonNode job : known) {
                jobs.add(job);
                seen.add(job.path("id").asString(""));
            }
        }
        for (AcceptedJob accepted : acceptedJobs) {
            if (!seen.contains(accepted.id())) {
                jobs.add(json.valueToTree(JobView.queued(accepted)));
            }
        }
        jobs.sort(Comparator.comparing((JsonNode j) -> Instant.parse(j.path("createdAt").asString(Instant.EPOCH
                .toString()))).reversed());
        return jobs;
    }

    /** Driver output; empty for a job session-service has not started yet. */
    String log(Found found, String stream) {
        String id = found.accepted() != null ? found.accepted().id() : found.live().get("id").asString();
        return services.sessions().findText("/internal/jobs/" + id + "/log?stream=" + stream).orElse("");
    }

    static ApiProblem notFound(String id) {
        return ApiProblem.notFound("JOB_NOT_FOUND", "no job '" + id + "'").with("jobId", id);
    }
}
