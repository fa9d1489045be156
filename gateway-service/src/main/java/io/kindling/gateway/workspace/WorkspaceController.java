package io.kindling.gateway.workspace;

import io.kindling.gateway.auth.Caller;
import io.kindling.gateway.pool.Pools;
import io.kindling.kit.problem.ApiProblem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/workspaces}: the registry a workspace admin keeps (managed identities, datastores, role
 * assignments on datastores) and jobs are checked against. A caller sees only the workspace their token names
 * (any other answers 404); writing, and listing what is in it, needs the workspace admin role (else 403).
 */
@RestController
class WorkspaceController {

    /** The roles a job's identity must hold on every datastore it reads or writes. */
    static final List<String> REQUIRED_ROLES = List.of("Contributor", "Storage Blob Data Contributor");
    /** Roles that may be assigned (Azure's built-in names for storage). */
    static final Set<String> ROLES = Set.of("Owner", "Contributor", "Reader", "Storage Blob Data Owner",
            "Storage Blob Data Contributor", "Storage Blob Data Reader");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern GUID_LIKE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

    private final Workspaces workspaces;
    private final WorkspaceDatastores datastores;
    private final WorkspaceProperties props;
    private final Pools pools;
    private final Clock clock;

    WorkspaceController(Workspaces workspaces, WorkspaceDatastores datastores, WorkspaceProperties props, Pools pools,
                        Clock clock) {
        this.pools = pools;
        this.workspaces = workspaces;
        this.datastores = datastores;
        this.props = props;
        this.clock = clock;
    }

    @PostMapping("/api/v1/workspaces")
    ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode body, Caller caller) {
        Fields fields = Fields.of(body, Set.of("name", "description"));
        String name = fields.required("name", NAME);
        if (!name.equals(caller.workspace())) {
            throw ApiProblem.badRequest("INVALID_FIELD", "name '" + name + "' is not your token's workspace '"
                    + caller.workspace() + "'; a workspace is created by its own admin").with("field", "name");
        }
        caller.requireAdmin();
        if (!workspaces.create(name, fields.optional("description"), caller.user(), clock.instant())) {
            throw ApiProblem.conflict("WORKSPACE_EXISTS", "workspace '" + name + "' exists already")
                    .with("workspace", name);
        }
        return ResponseEntity.created(URI.create("/api/v1/workspaces/" + name))
                .body(workspaces.find(name).orElseThrow());
    }

    @GetMapping("/api/v1/workspaces")
    Map<String, Object> list(Caller caller) {
        return Map.of("workspaces", workspaces.find(caller.workspace()).map(List::of).orElse(List.of()));
    }

    @GetMapping("/api/v1/workspaces/{ws}")
    Map<String, Object> get(@PathVariable String ws, Caller caller) {
        return member(ws, caller);
    }

    @PostMapping("/api/v1/workspaces/{ws}/managed-identities")
    ResponseEntity<Map<String, Object>> addIdentity(@PathVariable String ws, @RequestBody JsonNode body,
                                                    Caller caller) {
        admin(ws, caller);
        Fields fields = Fields.of(body, Set.of("name", "clientId", "objectId", "resourceId"));
        ManagedIdentity identity = new ManagedIdentity(ws, fields.required("name", NAME),
                fields.required("clientId", GUID_LIKE), fields.optional("objectId", GUID_LIKE),
                fields.optional("resourceId"), caller.user(), clock.instant());
        if (!workspaces.addIdentity(identity)) {
            throw ApiProblem.conflict("IDENTITY_EXISTS", "workspace '" + ws + "' has a managed identity named '"
                    + identity.name() + "' or with client id '" + identity.clientId() + "' already");
        }
        return ResponseEntity.created(URI.create("/api/v1/workspaces/" + ws + "/managed-identities/"
                + identity.name())).body(view(identity));
    }

    @GetMapping("/api/v1/workspaces/{ws}/managed-identities")
    Map<String, Object> identities(@PathVariable String ws, Caller caller) {
        admin(ws, caller);
        return Map.of("managedIdentities", workspaces.identities(ws).stream().map(WorkspaceController::view).toList());
    }

    @PostMapping("/api/v1/workspaces/{ws}/datastores")
    ResponseEntity<Map<String, Object>> addDatastore(@PathVariable String ws, @RequestBody JsonNode body,
                                                     Caller caller) {
        admin(ws, caller);
        Fields fields = Fields.of(body, Set.of("name", "description"));
        String name = fields.required("name", NAME);
        String description = fields.optional("description");
        if (datastores.installHas(name)) {
            throw ApiProblem.conflict("DATASTORE_EXISTS", "datastore '" + name + "' is one this install gives "
                    + "every workspace").with("datastore", name);
        }
        Path dir = props.datastoreRoot().toAbsolutePath().normalize().resolve(ws).resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "DATASTORE_UNAVAILABLE", "the directory of datastore '"
                    + name + "' cannot be made: " + e.getMessage());
        }
        Instant now = clock.instant();
        if (!workspaces.addDatastore(ws, name, dir, description, caller.user(), now)) {
            throw ApiProblem.conflict("DATASTORE_EXISTS", "workspace '" + ws + "' has a datastore named '" + name
                    + "' already").with("datastore", name);
        }
        return ResponseEntity.created(URI.create("/api/v1/workspaces/" + ws + "/datastores/" + name))
                .body(view(new Datastore(name, dir, description, false)));
    }

    @GetMapping("/api/v1/workspaces/{ws}/datastores")
    Map<String, Object> datastores(@PathVariable String ws, Caller caller) {
        admin(ws, caller);
        return Map.of("datastores", datastores.of(ws).stream().map(WorkspaceController::view).toList());
    }

    @PostMapping("/api/v1/workspaces/{ws}/role-assignments")
    ResponseEntity<Map<String, Object>> assign(@PathVariable String ws, @RequestBody JsonNode body, Caller caller) {
        admin(ws, caller);
        Fields fields = Fields.of(body, Set.of("principal", "role", "datastore"));
        Principal principal = principal(ws, fields.object("principal"));
        String role = fields.required("role", null);
        if (!ROLES.contains(role)) {
            throw ApiProblem.badRequest("INVALID_FIELD", "role '" + role + "' is not one of " + ROLES.stream()
                    .sorted().toList()).with("field", "role");
        }
        String datastore = fields.required("datastore", NAME);
        if (datastores.of(ws).stream().noneMatch(d -> d.name().equals(datastore))) {
            throw ApiProblem.badRequest("DATASTORE_NOT_FOUND", "workspace '" + ws + "' has no datastore '"
                    + datastore + "'").with("field", "datastore");
        }
        RoleAssignment assignment = new RoleAssignment(ws, principal, role, datastore, caller.user(), clock.instant());
        boolean added = workspaces.assign(assignment);
        return ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK).body(view(assignment));
    }

    @GetMapping("/api/v1/workspaces/{ws}/role-assignments")
    Map<String, Object> assignments(@PathVariable String ws, Caller caller) {
        admin(ws, caller);
        return Map.of("roleAssignments", workspaces.assignments(ws).stream().map(WorkspaceController::view).toList());
    }

    private Principal principal(String ws, JsonNode node) {
        Fields fields = Fields.of(node, Set.of("type", "name"), "principal.");
        String typeName = fields.required("type", null);
        Principal.Type type = Principal.Type.of(typeName).orElseThrow(() -> ApiProblem.badRequest("INVALID_FIELD",
                "principal.type must be user, managed or system, was '" + typeName + "'")
                .with("field", "principal.type"));
        String name = fields.required("name", type == Principal.Type.USER ? Caller.NAME : NAME);
        if (type == Principal.Type.MANAGED && workspaces.identities(ws).stream().noneMatch(m -> m.name().equals(name))) {
            throw ApiProblem.badRequest("PRINCIPAL_NOT_FOUND", "workspace '" + ws + "' has no managed identity '"
                    + name + "'; register it first (POST /api/v1/workspaces/" + ws + "/managed-identities)")
                    .with("field", "principal.name");
        }
        if (type == Principal.Type.SYSTEM && pools.attached(name, ws).isEmpty()) {
            throw ApiProblem.badRequest("PRINCIPAL_NOT_FOUND", "workspace '" + ws + "' has no attached pool '" + name
                    + "': a system-assigned identity is an attached pool's").with("field", "principal.name");
        }
        return new Principal(type, name);
    }

    /** The workspace as a member sees it; another workspace is not found. */
    private Map<String, Object> member(String ws, Caller caller) {
        if (!ws.equals(caller.workspace())) {
            throw notFound(ws);
        }
        return workspaces.find(ws).orElseThrow(() -> notFound(ws));
    }

    private void admin(String ws, Caller caller) {
        member(ws, caller);
        caller.requireAdmin();
    }

    private static ApiProblem notFound(String ws) {
        return ApiProblem.notFound("WORKSPACE_NOT_FOUND", "no workspace '" + ws + "'").with("workspace", ws);
    }

    private static Map<String, Object> view(ManagedIdentity m) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", m.name());
        view.put("clientId", m.clientId());
        view.put("objectId", m.objectId());
        view.put("resourceId", m.resourceId());
        view.put("createdBy", m.createdBy());
        view.put("createdAt", m.createdAt().toString());
        return view;
    }

    private static Map<String, Object> view(Datastore d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", d.name());
        view.put("uri", "kindling://datastores/" + d.name() + "/paths/");
        view.put("description", d.description());
        view.put("source", d.install() ? "install" : "workspace");
        return view;
    }

    private static Map<String, Object> view(RoleAssignment a) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("principal", Map.of("type", a.principal().type().apiName(), "name", a.principal().name()));
        view.put("role", a.role());
        view.put("datastore", a.datastore());
        view.put("createdBy", a.createdBy());
        view.put("createdAt", a.createdAt().toString());
        return view;
    }
}
