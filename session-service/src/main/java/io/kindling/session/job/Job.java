package io.kindling.session.job;

import io.kindling.events.JobAccess;
import io.kindling.session.session.SessionEnvironment;
import java.time.Instant;
import java.util.Map;

/**
 * A batch job: what was submitted (owner .. code, and what its spec says) and what is observed (state onward).
 * Immutable; {@link #moveTo} returns the next value.
 *
 * @param spec            the spec text as submitted
 * @param code            the {@code file:} URI of the code submitted with it, or {@code null}
 * @param access          the identity and workspace datastores the gateway checked it against, or {@code null} (a
 *                        bus job: its owner's identity, the install's datastores)
 * @param cluster         its cluster once provisioned, else {@code null}
 * @param environment     its conda environment: {@code NONE}, {@code WAITING} for conda-service, or {@code READY}
 * @param driverId        the Spark driver's id on its cluster once submitted ({@code driver-...}), else {@code null}
 * @param submitAttempted whether a submission of its driver was started (set before the call, so a restart never
 *                        submits twice)
 * @param cancelRequested whether someone asked to kill it
 * @param version         increases with every change; events carry it as their generation
 */
public record Job(String id, String owner, String spec, String code, JobAccess access, String name, String displayName,
                  String experimentName, String description, Map<String, String> tags, String runtimeVersion,
                  String instanceType, String compute, JobState state, FailureReason failureReason,
                  String exitReason, JobCluster cluster, SessionEnvironment environment, String driverId,
                  boolean submitAttempted,
                  boolean cancelRequested, Instant createdAt, Instant updatedAt, long version) {

    /** A job as the bus delivered it, before its spec is read. */
    public static Job queued(String id, String owner, String spec, String code, JobAccess access, Instant at) {
        return new Job(id, owner, spec, code, access, null, null, null, null, Map.of(), null, null, null,
                JobState.QUEUED, null, null, null, SessionEnvironment.NONE, null, false, false, at, at, 1);
    }

    /** @throws IllegalStateException when the lifecycle does not allow it */
    public Job moveTo(JobState next, Instant at) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("job " + id + ": " + state + " -> " + next + " is not allowed");
        }
        return with(next, failureReason, exitReason, cluster, driverId, submitAttempted, cancelRequested, at,
                version + 1);
    }

    /** What the spec says, once it was read. */
    public Job describedAs(String newName, String newDisplayName, String newExperiment, String newDescription,
                           Map<String, String> newTags, String newRuntime, String newInstanceType, String newCompute) {
        return new Job(id, owner, spec, code, access, newName, newDisplayName, newExperiment, newDescription,
                Map.copyOf(newTags), newRuntime, newInstanceType, newCompute, state, failureReason, exitReason,
                cluster, environment, driverId, submitAttempted, cancelRequested, createdAt, updatedAt, version);
    }

    public Job withEnvironment(SessionEnvironment newEnvironment) {
        return new Job(id, owner, spec, code, access, name, displayName, experimentName, description, tags,
                runtimeVersion, instanceType, compute, state, failureReason, exitReason, cluster, newEnvironment,
                driverId, submitAttempted, cancelRequested, createdAt, updatedAt, version);
    }

    /** Whether its driver can be submitted: PREPARING, with its cluster there and its environment (if any) built. */
    public boolean readyToSubmit() {
        return state == JobState.PREPARING && cluster != null && !environment.pending() && !submitAttempted;
    }

    public Job withFailure(FailureReason reason, String exit) {
        return with(state, reason, exit, cluster, driverId, submitAttempted, cancelRequested, updatedAt, version);
    }

    public Job withCluster(JobCluster newCluster) {
        return with(state, failureReason, exitReason, newCluster, driverId, submitAttempted, cancelRequested,
                updatedAt, version);
    }

    public Job withDriver(String newDriverId) {
        return with(state, failureReason, exitReason, cluster, newDriverId, submitAttempted, cancelRequested,
                updatedAt, version);
    }

    public Job withSubmitAttempted() {
        return with(state, failureReason, exitReason, cluster, driverId, true, cancelRequested, updatedAt, version);
    }

    public Job withCancelRequested() {
        return with(state, failureReason, exitReason, cluster, driverId, submitAttempted, true, updatedAt, version);
    }

    /** A version bump without a state change (for a note in the history). */
    Job touched(Instant at) {
        return with(state, failureReason, exitReason, cluster, driverId, submitAttempted, cancelRequested, at,
                version + 1);
    }

    /** The workspace the job belongs to: its access's, or for a job from the bus without one, the default one. */
    public String workspace() {
        return access != null && access.workspace() != null ? access.workspace()
                : io.kindling.kit.job.JobSpecContexts.BUS_WORKSPACE;
    }

    /** The workspace datastores the job may name (the install's are known everywhere): name to directory. */
    public java.util.Map<String, java.nio.file.Path> datastores() {
        java.util.Map<String, java.nio.file.Path> own = new java.util.LinkedHashMap<>();
        if (access != null) {
            access.datastores().forEach((name, dir) -> own.put(name, java.nio.file.Path.of(dir)));
        }
        return own;
    }

    public String clusterId() {
        return cluster == null ? null : cluster.id();
    }

    private Job with(JobState newState, FailureReason newReason, String newExit, JobCluster newCluster,
                     String newDriverId, boolean attempted, boolean cancel, Instant at, long newVersion) {
        return new Job(id, owner, spec, code, access, name, displayName, experimentName, description, tags,
                runtimeVersion, instanceType, compute, newState, newReason, newExit, newCluster, environment,
                newDriverId, attempted, cancel, createdAt, at, newVersion);
    }
}
