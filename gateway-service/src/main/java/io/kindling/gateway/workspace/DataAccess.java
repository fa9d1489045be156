package io.kindling.gateway.workspace;

import io.kindling.events.JobAccess;
import io.kindling.gateway.auth.Caller;
import io.kindling.gateway.pool.AttachedPool;
import io.kindling.gateway.pool.Pools;
import io.kindling.job.spec.DataBinding;
import io.kindling.job.spec.DataPaths;
import io.kindling.job.spec.Identity;
import io.kindling.job.spec.JobSpec;
import io.kindling.kit.problem.ApiProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Which identity a job's Spark code reaches data as, and whether that identity may: the Azure ML rules, checked
 * before anything is published or provisioned.
 * <ul>
 *   <li>serverless: the caller's own identity ({@code user_identity}, the default) or a user-assigned managed
 *       identity registered in the workspace ({@code managed} with its {@code client_id}, {@code object_id} or
 *       {@code msi_resource_id});</li>
 *   <li>an attached pool: the pool's system-assigned identity (the default, or {@code managed} without ids), the
 *       caller's ({@code user_identity}), or the user-assigned identity attached to the pool ({@code managed} with
 *       its {@code client_id});</li>
 *   <li>{@code aml_token} is not offered;</li>
 *   <li>the identity must hold both {@link WorkspaceController#REQUIRED_ROLES} on every datastore an input or
 *       output names.</li>
 * </ul>
 * Each refusal is a 400 naming the field; a missing role names the identity, the datastore and the roles.
 */
@Component
public class DataAccess {

    private final Workspaces workspaces;
    private final WorkspaceDatastores datastores;
    private final Pools pools;

    DataAccess(Workspaces workspaces, WorkspaceDatastores datastores, Pools pools) {
        this.workspaces = workspaces;
        this.datastores = datastores;
        this.pools = pools;
    }

    /** Checks the job's identity and its datastores' role assignments; the access JobSubmitted carries. */
    public JobAccess check(Caller caller, JobSpec spec) {
        Principal principal = spec.compute() == null ? identity(caller, spec.identity())
                : poolIdentity(caller, spec.identity(), pools.attached(spec.compute(), caller.workspace())
                        .orElseThrow(() -> ApiProblem.badRequest("COMPUTE_NOT_FOUND", "no attached pool '"
                                + spec.compute() + "'").with("field", "compute")));
        Map<String, String> own = new LinkedHashMap<>();
        datastores.own(caller.workspace()).forEach((name, dir) -> own.put(name, dir.toString()));
        List<Map.Entry<String, DataBinding>> bindings = new ArrayList<>();
        spec.inputs().forEach((name, b) -> bindings.add(Map.entry("inputs." + name + ".path", b)));
        spec.outputs().forEach((name, b) -> bindings.add(Map.entry("outputs." + name + ".path", b)));
        for (Map.Entry<String, DataBinding> binding : bindings) {
            Optional<String> datastore = DataPaths.datastoreOf(binding.getValue().path());
            if (datastore.isEmpty()) {
                continue;
            }
            List<String> held = workspaces.roles(caller.workspace(), principal, datastore.get());
            List<String> missing = WorkspaceController.REQUIRED_ROLES.stream().filter(r -> !held.contains(r))
                    .toList();
            if (!missing.isEmpty()) {
                throw ApiProblem.badRequest("MISSING_ROLE_ASSIGNMENT", principal.describe() + " lacks "
                        + String.join(" and ", missing.stream().map(r -> "'" + r + "'").toList()) + " on datastore '"
                        + datastore.get() + "' (" + binding.getKey() + "); a workspace admin assigns roles with "
                        + "POST /api/v1/workspaces/" + caller.workspace() + "/role-assignments")
                        .with("field", binding.getKey()).with("identity", Map.of("type",
                                principal.type().apiName(), "name", principal.name()))
                        .with("datastore", datastore.get()).with("missingRoles", missing);
            }
        }
        return new JobAccess(caller.workspace(), principal.type().apiName(), principal.name(), own);
    }

    private static Principal poolIdentity(Caller caller, Identity identity, AttachedPool pool) {
        if (identity == null) {
            return new Principal(Principal.Type.SYSTEM, pool.name());
        }
        switch (identity.type()) {
            case USER_IDENTITY -> {
                return new Principal(Principal.Type.USER, caller.user());
            }
            case AML_TOKEN -> throw ApiProblem.badRequest("UNSUPPORTED_IDENTITY", "identity aml_token is not "
                    + "offered: use the pool's identity (the default), user_identity or managed")
                    .with("field", "identity.type");
            default -> {
                // managed
            }
        }
        if (identity.clientId() == null && identity.objectId() == null && identity.msiResourceId() == null) {
            return new Principal(Principal.Type.SYSTEM, pool.name());
        }
        if (AttachedPool.USER_ASSIGNED.equals(pool.identityType()) && identity.objectId() == null
                && identity.msiResourceId() == null && Objects.equals(identity.clientId(), pool.identityClientId())) {
            return new Principal(Principal.Type.MANAGED, pool.identityName());
        }
        throw ApiProblem.badRequest("IDENTITY_NOT_FOUND", "pool '" + pool.name() + "' has no user-assigned identity "
                + "with " + given(identity) + (AttachedPool.USER_ASSIGNED.equals(pool.identityType())
                ? "; its user-assigned identity has client_id '" + pool.identityClientId() + "'"
                : "; it has only its system-assigned identity (give managed without ids, or no identity)"))
                .with("field", "identity");
    }

    private Principal identity(Caller caller, Identity identity) {
        if (identity == null || identity.type() == Identity.Type.USER_IDENTITY) {
            return new Principal(Principal.Type.USER, caller.user());
        }
        if (identity.type() == Identity.Type.AML_TOKEN) {
            throw ApiProblem.badRequest("UNSUPPORTED_IDENTITY", "identity aml_token is not offered: use "
                    + "user_identity (the default) or a managed identity registered in the workspace")
                    .with("field", "identity.type");
        }
        if (identity.clientId() == null && identity.objectId() == null && identity.msiResourceId() == null) {
            throw ApiProblem.badRequest("IDENTITY_NOT_FOUND", "on serverless Spark, a managed identity is a "
                    + "user-assigned identity registered in the workspace: give its client_id, object_id or "
                    + "msi_resource_id (the system-assigned identity is an attached pool's)")
                    .with("field", "identity");
        }
        return workspaces.identities(caller.workspace()).stream()
                .filter(m -> matches(identity.clientId(), m.clientId()) && matches(identity.objectId(), m.objectId())
                        && matches(identity.msiResourceId(), m.resourceId()))
                .findFirst().map(m -> new Principal(Principal.Type.MANAGED, m.name()))
                .orElseThrow(() -> ApiProblem.badRequest("IDENTITY_NOT_FOUND", "workspace '" + caller.workspace()
                        + "' has no user-assigned managed identity with " + given(identity)
                        + "; a workspace admin registers it with POST /api/v1/workspaces/" + caller.workspace()
                        + "/managed-identities").with("field", "identity"));
    }

    /** A field the spec gives must equal the registered one; a field it leaves out matches anything. */
    private static boolean matches(String given, String registered) {
        return given == null || Objects.equals(given, registered);
    }

    private static String given(Identity identity) {
        List<String> parts = new ArrayList<>();
        if (identity.clientId() != null) {
            parts.add("client_id '" + identity.clientId() + "'");
        }
        if (identity.objectId() != null) {
            parts.add("object_id '" + identity.objectId() + "'");
        }
        if (identity.msiResourceId() != null) {
            parts.add("msi_resource_id '" + identity.msiResourceId() + "'");
        }
        return String.join(" and ", parts);
    }
}
