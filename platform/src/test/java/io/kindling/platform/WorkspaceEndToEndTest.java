package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The workspace registry (managed identities, datastores, role assignments) and the identity rules a job is held
 * to before anything is published: its identity must hold Contributor and Storage Blob Data Contributor on every
 * datastore it reads or writes.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class WorkspaceEndToEndTest {

    private static final String WS = "ws-research";
    private static GatewayClient admin;
    private static GatewayClient member;

    @BeforeAll
    static void workspace() {
        GatewayClient gateway = new GatewayClient(SharedPlatform.platform());
        admin = gateway.as("ws-ada", WS, true);
        member = gateway.as("ws-max", WS, false);
        GatewayClient.Response created = admin.post("/api/v1/workspaces", "{\"name\":\"" + WS + "\"}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        assertThat(admin.post("/api/v1/workspaces/" + WS + "/datastores", "{\"name\":\"raw\"}").status())
                .isEqualTo(201);
        assertThat(admin.post("/api/v1/workspaces/" + WS + "/managed-identities",
                "{\"name\":\"etl\",\"clientId\":\"7f3c2d1e-0000-4000-8000-000000000001\"}").status()).isEqualTo(201);
    }

    /** Makes {@code workspace} if needed and gives {@code user} both roles a job needs on {@code datastore}. */
    static void grant(GatewayClient gateway, String workspace, String user, String datastore) {
        GatewayClient owner = gateway.as("admin-" + workspace, workspace, true);
        int made = owner.post("/api/v1/workspaces", "{\"name\":\"" + workspace + "\"}").status();
        assertThat(made).isIn(201, 409);
        for (String role : List.of("Contributor", "Storage Blob Data Contributor")) {
            GatewayClient.Response assigned = owner.post("/api/v1/workspaces/" + workspace + "/role-assignments",
                    assignment("user", user, role, datastore));
            assertThat(assigned.status()).as("%s", assigned.body()).isIn(200, 201);
        }
    }

    @Test
    void onlyTheWorkspacesAdminWritesAndListsItsRegistry() {
        GatewayClient outsider = new GatewayClient(SharedPlatform.platform()).as("ws-eve", "ws-elsewhere", true);

        assertThat(admin.post("/api/v1/workspaces", "{\"name\":\"" + WS + "\"}").body().get("code").asString())
                .isEqualTo("WORKSPACE_EXISTS");
        assertThat(member.get("/api/v1/workspaces/" + WS).status()).isEqualTo(200);
        GatewayClient.Response denied = member.post("/api/v1/workspaces/" + WS + "/datastores", "{\"name\":\"x\"}");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body().get("code").asString()).isEqualTo("NOT_WORKSPACE_ADMIN");
        assertThat(member.get("/api/v1/workspaces/" + WS + "/role-assignments").status()).isEqualTo(403);
        assertThat(outsider.get("/api/v1/workspaces/" + WS).status()).isEqualTo(404);
        assertThat(outsider.get("/api/v1/workspaces/" + WS + "/datastores").status()).isEqualTo(404);
        assertThat(outsider.post("/api/v1/workspaces", "{\"name\":\"" + WS + "\"}").status()).isEqualTo(400);
        assertThat(member.post("/api/v1/workspaces", "{\"name\":\"" + WS + "\"}").status()).isEqualTo(403);
    }

    @Test
    void theRegistryListsWhatTheAdminMadeBesideTheInstallsDatastores() {
        JsonNode stores = admin.get("/api/v1/workspaces/" + WS + "/datastores").body().get("datastores");
        JsonNode identities = admin.get("/api/v1/workspaces/" + WS + "/managed-identities").body()
                .get("managedIdentities");

        assertThat(stores.findValuesAsString("name")).contains("raw", "workspaceblobstore");
        assertThat(stores.toString()).contains("\"source\":\"install\"").contains("\"source\":\"workspace\"");
        assertThat(identities.findValuesAsString("name")).containsExactly("etl");
        assertThat(admin.post("/api/v1/workspaces/" + WS + "/managed-identities",
                "{\"name\":\"etl2\",\"clientId\":\"7f3c2d1e-0000-4000-8000-000000000001\"}").status()).isEqualTo(409);
    }

    @Test
    void aRoleAssignmentNamesSomethingTheWorkspaceHas() {
        String path = "/api/v1/workspaces/" + WS + "/role-assignments";

        assertProblem(admin.post(path, assignment("user", "ws-max", "Janitor", "raw")), "INVALID_FIELD", "role");
        assertProblem(admin.post(path, assignment("user", "ws-max", "Contributor", "lake")), "DATASTORE_NOT_FOUND",
                "datastore");
        assertProblem(admin.post(path, assignment("managed", "ghost", "Contributor", "raw")), "PRINCIPAL_NOT_FOUND",
                "principal.name");
        assertProblem(admin.post(path, assignment("robot", "r2", "Contributor", "raw")), "INVALID_FIELD",
                "principal.type");
        assertProblem(admin.post(path, "{\"principal\":{\"type\":\"user\",\"name\":\"a\"},\"role\":\"Reader\","
                + "\"datastore\":\"raw\",\"scope\":\"all\"}"), "UNKNOWN_FIELD", "scope");
        assertProblem(admin.post(path, assignment("user", "'; DROP TABLE role_assignment; --", "Reader", "raw")),
                "INVALID_FIELD", "principal.name");
        assertThat(admin.get(path).body().get("roleAssignments")).noneMatch(a -> a.toString().contains("DROP"));
    }

    @Test
    void aJobWhoseIdentityLacksARoleOnItsDatastoreIsRefusedBeforeAnythingRuns() {
        String user = "ws-noroles";
        GatewayClient caller = member.as(user, WS, false);
        String spec = wordCount("raw", "");

        GatewayClient.Response refused = caller.post("/api/v1/jobs", spec, "application/yaml", null);

        assertProblem(refused, "MISSING_ROLE_ASSIGNMENT", "inputs.corpus.path");
        assertThat(refused.body().get("datastore").asString()).isEqualTo("raw");
        assertThat(refused.body().get("identity").get("name").asString()).isEqualTo(user);
        assertThat(refused.body().get("missingRoles").toString())
                .isEqualTo("[\"Contributor\",\"Storage Blob Data Contributor\"]");
        assertThat(refused.body().get("detail").asString()).contains("user '" + user + "'", "'raw'");
        admin.post("/api/v1/workspaces/" + WS + "/role-assignments", assignment("user", user, "Contributor", "raw"));
        GatewayClient.Response stillRefused = caller.post("/api/v1/jobs", spec, "application/yaml", null);
        assertThat(stillRefused.body().get("missingRoles").toString()).isEqualTo("[\"Storage Blob Data Contributor\"]");
        assertThat(caller.get("/api/v1/jobs").body().get("jobs")).isEmpty();
    }

    @Test
    void anIdentityTheWorkspaceDoesNotHaveOrDoesNotOfferIsRefused() {
        assertProblem(member.post("/api/v1/jobs", wordCount("raw", "identity: {type: managed, client_id: nope}\n"),
                "application/yaml", null), "IDENTITY_NOT_FOUND", "identity");
        assertProblem(member.post("/api/v1/jobs", wordCount("raw", "identity: {type: managed}\n"),
                "application/yaml", null), "IDENTITY_NOT_FOUND", "identity");
        assertProblem(member.post("/api/v1/jobs", wordCount("raw", "identity: {type: aml_token}\n"),
                "application/yaml", null), "UNSUPPORTED_IDENTITY", "identity.type");
        GatewayClient.Response session = member.post("/api/v1/sessions",
                "{\"identity\":{\"type\":\"managed\"}}");
        assertProblem(session, "UNSUPPORTED_IDENTITY", "identity.type");
    }

    @Test
    void aManagedIdentityWithBothRolesRunsTheJobOnTheWorkspacesDatastore() throws IOException {
        for (String role : List.of("Contributor", "Storage Blob Data Contributor")) {
            admin.post("/api/v1/workspaces/" + WS + "/role-assignments", assignment("managed", "etl", role, "raw"));
        }
        Path raw = SharedPlatform.bean(io.kindling.gateway.workspace.WorkspaceProperties.class).datastoreRoot()
                .toAbsolutePath().normalize().resolve(WS).resolve("raw");
        Files.createDirectories(raw.resolve("in"));
        Files.writeString(raw.resolve("in/a.txt"), "raw data raw\n", StandardCharsets.UTF_8);
        String spec = wordCount("raw", "identity: {type: managed, client_id: 7f3c2d1e-0000-4000-8000-000000000001}\n");

        GatewayClient.Response accepted = member.post("/api/v1/jobs", spec, "application/yaml", null);
        assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(202);
        String id = accepted.body().get("id").asString();
        JsonNode job = await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> member.get("/api/v1/jobs/" + id).body(), j -> j != null
                        && List.of("succeeded", "failed", "killed").contains(j.path("state").asString()));

        assertThat(job.get("state").asString()).as("%s", job).isEqualTo("succeeded");
        assertThat(job.get("workspace").asString()).isEqualTo(WS);
        assertThat(job.get("identity").get("type").asString()).isEqualTo("managed");
        assertThat(job.get("identity").get("name").asString()).isEqualTo("etl");
        assertThat(Files.list(raw.resolve("out")).map(p -> p.getFileName().toString()))
                .anyMatch(name -> name.startsWith("part-"));
        // the admin sees every job of the workspace; their own list stays their own
        assertThat(admin.get("/api/v1/jobs?scope=workspace").body().get("jobs").findValuesAsString("id")).contains(id);
        assertThat(admin.get("/api/v1/jobs").body().get("jobs").findValuesAsString("id")).doesNotContain(id);
        assertThat(member.get("/api/v1/jobs?scope=workspace").status()).isEqualTo(403);
    }

    @Test
    void aWorkspaceAdminListsEverySessionOfTheWorkspace() {
        GatewayClient.Response created = member.post("/api/v1/sessions", "{\"name\":\"listed\","
                + "\"numExecutors\":1,\"executorMemory\":\"512m\",\"driverMemory\":\"512m\"}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(202);
        String id = created.body().get("id").asString();
        member.delete("/api/v1/sessions/" + id);

        assertThat(admin.get("/api/v1/sessions?scope=workspace").body().get("sessions").findValuesAsString("id"))
                .contains(id);
        assertThat(admin.get("/api/v1/sessions").body().get("sessions").findValuesAsString("id"))
                .doesNotContain(id);
        assertThat(member.get("/api/v1/sessions?scope=workspace").body().get("code").asString())
                .isEqualTo("NOT_WORKSPACE_ADMIN");
        assertProblem(admin.get("/api/v1/sessions?scope=everything"), "INVALID_FIELD", "scope");
        GatewayClient outsiderAdmin = member.as("ws-eve", "ws-elsewhere", true);
        assertThat(outsiderAdmin.get("/api/v1/sessions?scope=workspace").body().get("sessions")
                .findValuesAsString("id")).doesNotContain(id);
    }

    private static String wordCount(String datastore, String identity) {
        return JobBusEndToEndTest.sized("""
                entry: {class_name: io.kindling.examples.WordCount}
                jars: [kindling-examples.jar]
                inputs:
                  corpus: {type: uri_folder, path: kindling://datastores/%1$s/paths/in, mode: direct}
                outputs:
                  counts: {type: uri_folder, path: kindling://datastores/%1$s/paths/out}
                args: ${{inputs.corpus}} ${{outputs.counts}}
                """.formatted(datastore) + identity).replace("code: ./target", "code: "
                + JobBusEndToEndTest.EXAMPLES.getParent());
    }

    private static String assignment(String type, String name, String role, String datastore) {
        return "{\"principal\":{\"type\":\"" + type + "\",\"name\":\"" + name.replace("\"", "\\\"") + "\"},"
                + "\"role\":\"" + role + "\",\"datastore\":\"" + datastore + "\"}";
    }

    private static void assertProblem(GatewayClient.Response response, String code, String field) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("code").asString()).isEqualTo(code);
        assertThat(response.body().get("field").asString()).isEqualTo(field);
    }
}
