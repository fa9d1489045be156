package io.kindling.gateway.job;

import io.kindling.events.JobAccess;
import io.kindling.gateway.artifact.Artifacts;
import io.kindling.gateway.artifact.StoredCode;
import io.kindling.gateway.auth.Caller;
import io.kindling.gateway.pool.AttachedPool;
import io.kindling.gateway.pool.Pools;
import io.kindling.gateway.session.CondaSpecCheck;
import io.kindling.gateway.workspace.DataAccess;
import io.kindling.gateway.workspace.WorkspaceDatastores;
import io.kindling.job.spec.InvalidJobSpecException;
import io.kindling.job.spec.JobEntry;
import io.kindling.job.spec.JobSpec;
import io.kindling.job.spec.ValidatedJob;
import io.kindling.kit.job.JobCode;
import io.kindling.kit.job.JobFiles;
import io.kindling.kit.problem.ApiProblem;
import io.kindling.kit.runtime.RuntimeCatalog;
import java.time.Clock;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Accepts a job: the spec is checked first (nothing is stored for a bad one), then the code is stored as an
 * artifact and every file the spec names is found in it (and its environment's conda spec read and checked as a
 * session's is), then the job is recorded and JobSubmitted published in
 * one transaction. A refusal at any step removes the stored code. A retry with the same {@code Idempotency-Key}
 * answers the job the first request made and publishes nothing.
 */
@Component
class JobSubmissions {

    /**
     * The job a submission made or found.
     *
     * @param existing an earlier request with the same {@code Idempotency-Key} made it
     */
    record Submitted(AcceptedJob job, boolean existing) {
    }

    private final JobRequests requests;
    private final Artifacts artifacts;
    private final WorkspaceDatastores datastores;
    private final DataAccess dataAccess;
    private final Pools pools;
    private final JobCode jobCode;
    private final CondaSpecCheck condaCheck;
    private final RuntimeCatalog runtimes;
    private final Clock clock;

    JobSubmissions(JobRequests requests, Artifacts artifacts, WorkspaceDatastores datastores, DataAccess dataAccess,
                   Pools pools, JobCode jobCode, CondaSpecCheck condaCheck, RuntimeCatalog runtimes, Clock clock) {
        this.pools = pools;
        this.requests = requests;
        this.artifacts = artifacts;
        this.datastores = datastores;
        this.dataAccess = dataAccess;
        this.jobCode = jobCode;
        this.condaCheck = condaCheck;
        this.runtimes = runtimes;
        this.clock = clock;
    }

    Submitted submit(Caller caller, JobRequest request, Optional<String> idempotencyKey) {
        String owner = caller.user();
        String id = idempotencyKey.map(key -> JobIds.derived(owner, key)).orElseGet(JobIds::random);
        Optional<Submitted> earlier = earlier(id, request, idempotencyKey);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        ValidatedJob validated = JobSpecCheck.validate(request.spec(), datastores.context(caller.workspace()), owner,
                artifacts::ownedBy, request.code() != null, pools.inWorkspace(caller.workspace()).stream()
                        .map(AttachedPool::name).toList());
        JobAccess access = dataAccess.check(caller, validated.spec());
        StoredCode stored = request.code() == null ? null : artifacts.store(request.code(), JobRequestReader.CODE);
        try {
            String code = stored == null ? null : codeUri(stored, validated.spec());
            JobFiles files;
            try {
                files = jobCode.resolve(validated.spec(), code);
            } catch (InvalidJobSpecException e) {
                throw JobSpecCheck.problem(e);
            }
            if (files.conda() != null) {
                condaCheck.check(validated.spec().isServerless() ? validated.spec().resources().runtimeVersion()
                        : runtimes.defaultVersion(), files.conda(), "environment.conda_file");
            }
            AcceptedJob job = accepted(id, owner, validated, request, code, stored);
            requests.accept(job, stored, idempotencyKey.orElse(null), access);
            return new Submitted(job, false);
        } catch (DuplicateKeyException race) {
            discard(stored);
            return earlier(id, request, idempotencyKey).orElseThrow(() -> race);
        } catch (RuntimeException e) {
            discard(stored);
            throw e;
        }
    }

    /**
     * The {@code code} of JobSubmitted: the artifact folder; a single jar uploaded for a class-name job that lists
     * no {@code jars} is the application itself, so then the jar.
     */
    static String codeUri(StoredCode stored, JobSpec spec) {
        if (stored.single() && stored.fileName().endsWith(".jar") && spec.jars().isEmpty()
                && spec.entry().kind() == JobEntry.Kind.CLASS_NAME) {
            return stored.folder().resolve(stored.fileName()).toUri().toString();
        }
        return stored.folderUri();
    }

    private Optional<Submitted> earlier(String id, JobRequest request, Optional<String> idempotencyKey) {
        if (idempotencyKey.isEmpty()) {
            return Optional.empty();
        }
        return requests.find(id).map(job -> {
            if (!job.fingerprint().equals(request.fingerprint())) {
                throw ApiProblem.conflict("IDEMPOTENCY_KEY_REUSED", "Idempotency-Key '" + idempotencyKey.get()
                        + "' was used for a different job request").with("jobId", id);
            }
            return new Submitted(job, true);
        });
    }

    private AcceptedJob accepted(String id, String owner, ValidatedJob validated, JobRequest request, String code,
                                 StoredCode stored) {
        JobSpec spec = validated.spec();
        return new AcceptedJob(id, owner, spec.name(), spec.displayName(), spec.experimentName(), spec.description(),
                spec.tags(), spec.resources() == null ? null : spec.resources().runtimeVersion(),
                validated.instanceType() == null ? null : validated.instanceType().name(), spec.compute(),
                request.spec(), code, stored == null ? null : stored.id(), request.fingerprint(), clock.instant());
    }

    private void discard(StoredCode stored) {
        if (stored != null) {
            artifacts.discard(stored);
        }
    }
}
