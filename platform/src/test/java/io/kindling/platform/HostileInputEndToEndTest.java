package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.kindling.gateway.GatewayApplication;
import io.kindling.gateway.workspace.WorkspaceProperties;
import io.kindling.kit.job.JobsProperties;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 7, bad input: malformed and hostile requests on every endpoint of the public API (huge bodies, wrong types,
 * injection strings in names, conf and ids, path traversal in file names, archive entries and spec file references,
 * wrong media types and methods). Each is a 4xx RFC 9457 problem with a {@code code} and a {@code detail}, small
 * (it does not echo a huge input back) and without a stack trace, answered quickly; and none leaves anything behind:
 * no row, no event, no file, nothing the gateway lists.
 *
 * <p>What other tests already check is not repeated here: the create-session field rules and a text/plain body
 * ({@link GatewayApiTest}), a zip with {@code ../../escape.py}, a job spec that names a missing jar and a text/plain
 * job ({@link JobApiTest}), tokens ({@link AuthEndToEndTest}), a role assignment to {@code '; DROP TABLE ...}
 * ({@link WorkspaceEndToEndTest}) and bad pool URLs ({@link PoolEndToEndTest}); archives byte by byte
 * (gateway-service's {@code CodeArchiveTest}: zip slip in six spellings, tar slip, links, bombs, entry limits) and
 * spec file references ({@code JobCodeTest} in service-kit).
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputEndToEndTest {

    /** The user every row is sent as; nothing may ever be kept for them. */
    static final String USER = "hostile";
    /** Their workspace, where their token makes them an admin (rows sent {@code as(As.ADMIN)}). */
    static final String WS = "ws-hostile";
    /** A workspace nobody made; a row must not make it either. */
    static final String NEW_WS = "ws-hostile-new";
    static final int MAX_PROBLEM_BYTES = 4096;
    static final int MB = 1024 * 1024;
    static final String TOO_LARGE = "CONTENT_TOO_LARGE";
    /** A session request that would be accepted, but for the attached pool it names, which does not exist. */
    static final String NO_POOL = "\"compute\":\"no-such-pool\",\"numExecutors\":1,\"executorMemory\":\"512m\","
            + "\"driverMemory\":\"512m\"";
    static final String SESSION = "/api/v1/sessions/s-0123456789abcdef";
    static final String JOB = "/api/v1/jobs/j-0123456789abcdef";
    /** The code a job spec here names: {@code app.jar} and a conda spec, in a zip. */
    static final byte[] CODE = zip(Map.of("app.jar", "not really a jar", "env.yml", "dependencies: [pip]"));
    static final String POOL_BASE = "\"masterUrl\":\"spark://127.0.0.1:1\",\"restUrl\":\"http://127.0.0.1:1\"";

    static final List<String> INJECTIONS = List.of(
            "'; DROP TABLE session_request;--",
            "$(rm -rf /)",
            "`id`",
            "a\nb",
            "a\u0000b",
            "evil\u202Egpj.exe",
            "../../etc/passwd");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static GatewayClient gateway;

    enum As { USER, ADMIN, NEW_WORKSPACE_ADMIN }

    /**
     * One request and what must come back.
     *
     * @param chunked send the body in chunks, without a {@code Content-Length}
     * @param raw     send these exact bytes over a socket (headers no HTTP client would send); method and the rest
     *                are ignored
     * @param status  the exact status
     * @param code    the problem's {@code code}
     */
    record Row(String name, As as, String method, String path, String contentType, Map<String, String> headers,
               Supplier<byte[]> body, boolean chunked, Supplier<byte[]> raw, int status, String code) {

        Row request(String m, String p) {
            return new Row(name, as, m, p, contentType, headers, body, chunked, raw, status, code);
        }

        Row json(String text) {
            return body("application/json", () -> text.getBytes(StandardCharsets.UTF_8));
        }

        Row body(String type, Supplier<byte[]> bytes) {
            return new Row(name, as, method, path, type, headers, bytes, chunked, raw, status, code);
        }

        Row multipart(Part... parts) {
            String boundary = "hostile-boundary-7f3c";
            return body("multipart/form-data; boundary=" + boundary, () -> multipartBody(boundary, parts));
        }

        Row header(String header, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(header, value);
            return new Row(name, as, method, path, contentType, more, body, chunked, raw, status, code);
        }

        /** Sent in chunks, without a {@code Content-Length}. */
        Row inChunks() {
            return new Row(name, as, method, path, contentType, headers, body, true, raw, status, code);
        }

        Row as(As who) {
            return new Row(name, who, method, path, contentType, headers, body, chunked, raw, status, code);
        }

        Row raw(Supplier<byte[]> bytes) {
            return new Row(name, as, "RAW", "", contentType, headers, body, chunked, bytes, status, code);
        }

        Row expect(int s, String c) {
            return new Row(name, as, method, path, contentType, headers, body, chunked, raw, s, c);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A part of a multipart body, written exactly as given (names are not escaped). */
    record Part(String name, String fileName, byte[] content) {

        static Part text(String name, String value) {
            return new Part(name, null, value.getBytes(StandardCharsets.UTF_8));
        }

        static Part file(String name, String fileName, byte[] content) {
            return new Part(name, fileName, content);
        }
    }

    static Row row(String name) {
        return new Row(name, As.USER, "GET", "/", null, Map.of(), null, false, null, 0, null);
    }

    @BeforeAll
    static void workspace() {
        gateway = new GatewayClient(SharedPlatform.platform());
        GatewayClient admin = gateway.as(USER, WS, true);
        assertThat(admin.post("/api/v1/workspaces", "{\"name\":\"" + WS + "\"}").status()).isIn(201, 409);
    }

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.addAll(malformed());
        rows.addAll(wrongTypes());
        rows.addAll(unknownAndEmpty());
        rows.addAll(huge());
        rows.addAll(injections());
        rows.addAll(paths());
        rows.addAll(uploads());
        rows.addAll(specFileReferences());
        rows.addAll(mediaTypesAndMethods());
        return rows.stream();
    }

    /** Bodies that are not JSON (or YAML) at all. */
    static List<Row> malformed() {
        return List.of(
                row("malformed JSON: statement").request("POST", SESSION + "/statements").json("{\"code\":")
                        .expect(400, "MALFORMED_JSON"),
                row("malformed JSON: pool").request("POST", "/api/v1/pools").as(As.ADMIN).json("{\"name\" \"x\"}")
                        .expect(400, "MALFORMED_JSON"),
                row("malformed JSON: workspace").request("POST", "/api/v1/workspaces").as(As.ADMIN).json("{,}")
                        .expect(400, "MALFORMED_JSON"),
                row("malformed JSON: datastore").request("POST", "/api/v1/workspaces/" + WS + "/datastores")
                        .as(As.ADMIN).json("{'name': 'single quotes'}").expect(400, "MALFORMED_JSON"),
                row("malformed JSON: managed identity").request("POST", "/api/v1/workspaces/" + WS
                        + "/managed-identities").as(As.ADMIN).json("{\"name\":\"a\"}}").expect(400, "MALFORMED_JSON"),
                row("malformed JSON: role assignment").request("POST", "/api/v1/workspaces/" + WS
                        + "/role-assignments").as(As.ADMIN).json("[{]").expect(400, "MALFORMED_JSON"),
                row("malformed JSON: job").request("POST", "/api/v1/jobs").json("{\"type\": \"spark\",")
                        .expect(400, "MALFORMED_SPEC"),
                row("malformed YAML: job").request("POST", "/api/v1/jobs")
                        .body("application/yaml", () -> bytes("type: spark\n  entry: [\n"))
                        .expect(400, "MALFORMED_SPEC"),
                row("invalid UTF-8: session").request("POST", "/api/v1/sessions")
                        .body("application/json", () -> new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"',
                                (byte) 0xc3, (byte) 0x28, '"', '}'}).expect(400, "MALFORMED_JSON"),
                row("JSON nested 100000 deep: session").request("POST", "/api/v1/sessions")
                        .json("{\"conf\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}")
                        .expect(400, "MALFORMED_JSON"),
                row("a number of 100000 digits: session").request("POST", "/api/v1/sessions")
                        .json("{\"numExecutors\":" + "9".repeat(100_000) + "}").expect(400, "MALFORMED_JSON"),
                row("a YAML alias bomb: job").request("POST", "/api/v1/jobs")
                        .body("application/yaml", () -> bytes(yamlBomb())).expect(400, "MALFORMED_SPEC"),
                row("two YAML documents: job").request("POST", "/api/v1/jobs")
                        .body("application/yaml", () -> bytes("type: spark\n---\ntype: spark\n"))
                        .expect(400, "MALFORMED_SPEC"));
    }

    /** JSON of the wrong shape: strings for numbers, arrays for objects, out of range, negative. */
    static List<Row> wrongTypes() {
        return List.of(
                row("a string for a number: session").request("POST", "/api/v1/sessions")
                        .json("{\"numExecutors\":\"2\"}").expect(400, "INVALID_FIELD"),
                row("a fraction for a number: session").request("POST", "/api/v1/sessions")
                        .json("{\"timeoutMinutes\":1.5}").expect(400, "INVALID_FIELD"),
                row("a number past int: session").request("POST", "/api/v1/sessions")
                        .json("{\"numExecutors\":99999999999999999999}").expect(400, "INVALID_FIELD"),
                row("1e999 for a number: session").request("POST", "/api/v1/sessions")
                        .json("{\"executorCores\":1e999}").expect(400, "INVALID_FIELD"),
                row("negative memory: session").request("POST", "/api/v1/sessions")
                        .json("{\"driverMemory\":\"-1g\"}").expect(400, "INVALID_MEMORY"),
                row("an integer min value: session").request("POST", "/api/v1/sessions")
                        .json("{\"driverCores\":-2147483648}").expect(400, "INVALID_SIZE"),
                row("an array for an object: conf").request("POST", "/api/v1/sessions")
                        .json("{\"conf\":[\"spark.a\",\"b\"]}").expect(400, "INVALID_FIELD"),
                row("a number for a conf value").request("POST", "/api/v1/sessions")
                        .json("{\"conf\":{\"spark.sql.shuffle.partitions\":7}}").expect(400, "INVALID_CONF"),
                row("an object for a name: session").request("POST", "/api/v1/sessions")
                        .json("{\"name\":{\"$ne\":null}}").expect(400, "INVALID_FIELD"),
                row("a string for the identity: session").request("POST", "/api/v1/sessions")
                        .json("{\"identity\":\"user_identity\"}").expect(400, "INVALID_FIELD"),
                row("an array for the body: pool").request("POST", "/api/v1/pools").as(As.ADMIN)
                        .json("[{\"name\":\"p\"}]").expect(400, "INVALID_FIELD"),
                row("a number for a name: pool").request("POST", "/api/v1/pools").as(As.ADMIN)
                        .json("{\"name\":7," + POOL_BASE + "}").expect(400, "INVALID_FIELD"),
                row("an object for jars: pool").request("POST", "/api/v1/pools").as(As.ADMIN)
                        .json("{\"name\":\"p\"," + POOL_BASE + ",\"jars\":{\"a\":\"/x.jar\"}}")
                        .expect(400, "INVALID_FIELD"),
                row("a string for the body: workspace").request("POST", "/api/v1/workspaces").as(As.ADMIN)
                        .json("\"" + WS + "\"").expect(400, "INVALID_FIELD"),
                row("a string for the principal: role assignment").request("POST", "/api/v1/workspaces/" + WS
                        + "/role-assignments").as(As.ADMIN)
                        .json("{\"principal\":\"user:hostile\",\"role\":\"Owner\","
                                + "\"datastore\":\"workspaceblobstore\"}")
                        .expect(400, "INVALID_FIELD"),
                row("a string for instance_count: job").request("POST", "/api/v1/jobs").as(As.USER)
                        .body("application/yaml", () -> bytes(JobBusEndToEndTest.sized("entry: {class_name: A}\n")
                                .replace("spark.executor.instances: 1", "spark.executor.instances: many")))
                        .expect(400, "INVALID_FIELD"),
                row("negative executors: job").request("POST", "/api/v1/jobs")
                        .body("application/yaml", () -> bytes(JobBusEndToEndTest.sized("entry: {class_name: A}\n")
                                .replace("spark.executor.instances: 1", "spark.executor.instances: -3")))
                        .expect(400, "INVALID_FIELD"),
                row("a statement id that is no number").request("GET", SESSION + "/statements/abc")
                        .expect(400, "BAD_REQUEST"),
                row("a statement id past int").request("POST", SESSION + "/statements/99999999999/cancel")
                        .expect(400, "BAD_REQUEST"),
                row("force=maybe: pool").request("DELETE", "/api/v1/pools/p?force=maybe").as(As.ADMIN)
                        .expect(400, "BAD_REQUEST"));
    }

    static List<Row> unknownAndEmpty() {
        return List.of(
                row("unknown field: statement").request("POST", SESSION + "/statements")
                        .json("{\"code\":\"SELECT 1\",\"sessionId\":\"s-1\"}").expect(404, "SESSION_NOT_FOUND"),
                row("unknown field: pool").request("POST", "/api/v1/pools").as(As.ADMIN)
                        .json("{\"name\":\"p\"," + POOL_BASE + ",\"spark.master\":\"local\"}")
                        .expect(400, "UNKNOWN_FIELD"),
                row("unknown field: workspace").request("POST", "/api/v1/workspaces").as(As.ADMIN)
                        .json("{\"name\":\"" + WS + "\",\"owner\":\"root\"}").expect(400, "UNKNOWN_FIELD"),
                row("unknown field: managed identity").request("POST", "/api/v1/workspaces/" + WS
                        + "/managed-identities").as(As.ADMIN)
                        .json("{\"name\":\"etl\",\"clientId\":\"c-1\",\"secret\":\"s3cr3t\"}")
                        .expect(400, "UNKNOWN_FIELD"),
                row("__proto__: session").request("POST", "/api/v1/sessions")
                        .json("{\"__proto__\":{\"admin\":true}}").expect(400, "UNKNOWN_FIELD"),
                row("unknown field in the identity: pool").request("POST", "/api/v1/pools").as(As.ADMIN)
                        .json("{\"name\":\"p\"," + POOL_BASE + ",\"identity\":{\"type\":\"system_assigned\","
                                + "\"admin\":true}}").expect(400, "UNKNOWN_FIELD"),
                row("empty body: session").request("POST", "/api/v1/sessions").json("").expect(400, "MALFORMED_JSON"),
                row("empty body: statement").request("POST", SESSION + "/statements").json("")
                        .expect(400, "MALFORMED_JSON"),
                row("empty body: pool").request("POST", "/api/v1/pools").as(As.ADMIN).json("")
                        .expect(400, "MALFORMED_JSON"),
                row("empty body: role assignment").request("POST", "/api/v1/workspaces/" + WS + "/role-assignments")
                        .as(As.ADMIN).json("").expect(400, "MALFORMED_JSON"),
                row("empty body: job").request("POST", "/api/v1/jobs").body("application/yaml", () -> new byte[0])
                        .expect(400, "MALFORMED_SPEC"),
                row("null body: session").request("POST", "/api/v1/sessions").json("null")
                        .expect(400, "MALFORMED_REQUEST"),
                row("empty multipart: artifact").request("POST", "/api/v1/artifacts").multipart()
                        .expect(400, "MISSING_FIELD"),
                row("empty multipart: job").request("POST", "/api/v1/jobs").multipart().expect(400, "MISSING_FIELD"),
                row("empty file: artifact").request("POST", "/api/v1/artifacts")
                        .multipart(Part.file("file", "app.jar", new byte[0])).expect(400, "INVALID_UPLOAD"),
                row("unknown part: artifact").request("POST", "/api/v1/artifacts")
                        .multipart(Part.file("file", "app.jar", bytes("x")), Part.text("owner", "root"))
                        .expect(400, "UNKNOWN_FIELD"));
    }

    /** Bodies of many megabytes: refused by a limit, quickly, without echoing them. */
    static List<Row> huge() {
        return List.of(
                row("a 20 MB name: session").request("POST", "/api/v1/sessions")
                        .body("application/json", () -> jsonWith("name", 20 * MB)).expect(413, TOO_LARGE),
                row("a 20 MB kind: session").request("POST", "/api/v1/sessions")
                        .body("application/json", () -> jsonWith("kind", 20 * MB)).expect(413, TOO_LARGE),
                row("a 5 MB runtime version: session").request("POST", "/api/v1/sessions")
                        .body("application/json", () -> jsonWith("runtimeVersion", 5 * MB)).expect(413, TOO_LARGE),
                row("20 MB in chunks: session").request("POST", "/api/v1/sessions")
                        .body("application/json", () -> jsonWith("name", 20 * MB)).inChunks().expect(413, TOO_LARGE),
                row("a 500 kB runtime version: session").request("POST", "/api/v1/sessions")
                        .body("application/json", () -> jsonWith("runtimeVersion", 500 * 1024))
                        .expect(400, "UNKNOWN_RUNTIME"),
                row("a 40 kB field name: session").request("POST", "/api/v1/sessions")
                        .json("{\"" + "f".repeat(40 * 1024) + "\":1}").expect(400, "UNKNOWN_FIELD"),
                row("a 500 kB field name: session").request("POST", "/api/v1/sessions")
                        .json("{\"" + "f".repeat(500 * 1024) + "\":1}").expect(400, "MALFORMED_JSON"),
                row("a 500 kB memory: session").request("POST", "/api/v1/sessions")
                        .json("{\"executorMemory\":\"" + "9".repeat(500 * 1024) + "g\"}").expect(400, "INVALID_MEMORY"),
                row("a conf of 100000 entries: session").request("POST", "/api/v1/sessions")
                        .body("application/json", () -> bytes("{\"conf\":" + confOf(100_000) + "}"))
                        .expect(400, "INVALID_CONF"),
                row("20 MB of SQL: statement").request("POST", SESSION + "/statements")
                        .body("application/json", () -> jsonWith("code", 20 * MB)).expect(413, TOO_LARGE),
                row("a 20 MB spec: job").request("POST", "/api/v1/jobs")
                        .body("application/yaml", () -> bytes("description: " + "x".repeat(20 * MB) + "\n"))
                        .expect(413, TOO_LARGE),
                row("a 20 MB spec part: job").request("POST", "/api/v1/jobs")
                        .multipart(Part.text("spec", "description: " + "x".repeat(20 * MB))).expect(413, TOO_LARGE),
                row("a 20 MB name: pool").request("POST", "/api/v1/pools").as(As.ADMIN)
                        .body("application/json", () -> jsonWith("name", 20 * MB)).expect(413, TOO_LARGE),
                row("a 20 MB description: workspace").request("POST", "/api/v1/workspaces").as(As.ADMIN)
                        .body("application/json", () -> jsonWith("description", 20 * MB)).expect(413, TOO_LARGE),
                row("a 500 kB master URL: pool").request("POST", "/api/v1/pools").as(As.ADMIN)
                        .json("{\"name\":\"p\",\"masterUrl\":\"spark://" + "h".repeat(500 * 1024) + ":7077\","
                                + "\"restUrl\":\"http://127.0.0.1:1\"}").expect(400, "INVALID_FIELD"),
                row("a 40 kB archive entry name: artifact").request("POST", "/api/v1/artifacts")
                        .multipart(Part.file("file", "src.zip", zip(Map.of("../".repeat(13_000) + "evil", "x"))))
                        .expect(400, "ARCHIVE_ENTRY_UNSAFE"),
                // Tomcat's limits on parts (max-part-count, max-part-header-size) are Spring's 413 for an upload
                row("300 parts: artifact").request("POST", "/api/v1/artifacts")
                        .multipart(manyParts(300)).expect(413, TOO_LARGE),
                row("a 2 kB upload file name: artifact").request("POST", "/api/v1/artifacts")
                        .multipart(Part.file("file", "a".repeat(2048) + ".jar", bytes("x"))).expect(413, TOO_LARGE),
                row("a 2 kB datastore description").request("POST", "/api/v1/workspaces/" + WS + "/datastores")
                        .as(As.ADMIN).json("{\"name\":\"long-store\",\"description\":\"" + "d".repeat(2048) + "\"}")
                        .expect(400, "INVALID_FIELD"),
                row("a 3 kB session id").request("GET", "/api/v1/sessions/s-" + "0".repeat(3 * 1024))
                        .expect(404, "SESSION_NOT_FOUND"),
                row("a 3 kB job id").request("GET", "/api/v1/jobs/j-" + "0".repeat(3 * 1024) + "/log")
                        .expect(404, "JOB_NOT_FOUND"));
    }

    /** Injection strings and control characters in names, conf, keys and ids. */
    static List<Row> injections() {
        List<Row> rows = new ArrayList<>();
        for (String evil : INJECTIONS) {
            String label = printable(evil);
            rows.add(row("session name " + label).request("POST", "/api/v1/sessions")
                    .json("{\"name\":" + quote(evil) + "," + NO_POOL + "}").expect(400, "INVALID_FIELD"));
            rows.add(row("conf key spark." + label).request("POST", "/api/v1/sessions")
                    .json("{\"conf\":{" + quote("spark." + evil) + ":\"1\"}," + NO_POOL + "}")
                    .expect(400, "INVALID_CONF"));
            rows.add(row("pool name " + label).request("POST", "/api/v1/pools").as(As.ADMIN)
                    .json("{\"name\":" + quote(evil) + "," + POOL_BASE + "}").expect(400, "INVALID_FIELD"));
            rows.add(row("datastore name " + label).request("POST", "/api/v1/workspaces/" + WS + "/datastores")
                    .as(As.ADMIN).json("{\"name\":" + quote(evil) + "}").expect(400, "INVALID_FIELD"));
            rows.add(row("workspace name " + label).request("POST", "/api/v1/workspaces").as(As.ADMIN)
                    .json("{\"name\":" + quote(evil) + "}").expect(400, "INVALID_FIELD"));
            rows.add(row("compute " + label).request("POST", "/api/v1/sessions")
                    .json("{\"compute\":" + quote(evil) + "}").expect(400, "INVALID_FIELD"));
        }
        // a value Kindling keeps as text still goes through validation: here the pool it names is missing
        rows.add(row("conf value '; DROP TABLE").request("POST", "/api/v1/sessions")
                .json("{\"conf\":{\"spark.sql.session.timeZone\":\"'; DROP TABLE session_request;--\"}," + NO_POOL + "}")
                .expect(400, "COMPUTE_NOT_FOUND"));
        rows.add(row("conf value $(rm -rf /)").request("POST", "/api/v1/sessions")
                .json("{\"conf\":{\"spark.sql.session.timeZone\":\"$(rm -rf /)\"}," + NO_POOL + "}")
                .expect(400, "COMPUTE_NOT_FOUND"));
        // PostgreSQL cannot store NUL in text or jsonb: refused as input, not failed on the insert
        rows.add(row("conf value with NUL").request("POST", "/api/v1/sessions")
                .json("{\"conf\":{\"spark.sql.session.timeZone\":\"a\\u0000b\"}," + NO_POOL + "}").expect(400, "INVALID_CONF"));
        rows.add(row("workspace description with NUL").request("POST", "/api/v1/workspaces")
                .as(As.NEW_WORKSPACE_ADMIN).json("{\"name\":\"" + NEW_WS + "\",\"description\":\"a\\u0000b\"}")
                .expect(400, "INVALID_FIELD"));
        rows.add(row("datastore description with NUL").request("POST", "/api/v1/workspaces/" + WS + "/datastores")
                .as(As.ADMIN).json("{\"name\":\"nul-store\",\"description\":\"a\\u0000b\"}")
                .expect(400, "INVALID_FIELD"));
        rows.add(row("managed identity resource id with NUL").request("POST", "/api/v1/workspaces/" + WS
                + "/managed-identities").as(As.ADMIN)
                .json("{\"name\":\"nul-id\",\"clientId\":\"c-1\",\"resourceId\":\"/subscriptions/\\u0000\"}")
                .expect(400, "INVALID_FIELD"));
        // PostgreSQL keeps no NUL in text, and no process takes one in an argument: a NUL in any value is refused
        rows.add(row("job display name with NUL").request("POST", "/api/v1/jobs")
                .body("application/yaml", () -> bytes(sparkPi("display_name: SparkPi", "display_name: \"Spark\\0Pi\"")))
                .expect(400, "INVALID_FIELD"));
        rows.add(row("job tag with NUL").request("POST", "/api/v1/jobs")
                .body("application/yaml", () -> bytes(sparkPi("tags: {team: platform}", "tags: {team: \"a\\0b\"}")))
                .expect(400, "INVALID_FIELD"));
        rows.add(row("job args with NUL").request("POST", "/api/v1/jobs")
                .body("application/yaml", () -> bytes(sparkPi("args: \"10\"", "args: \"10 \\0 $(id)\"")))
                .expect(400, "INVALID_FIELD"));
        rows.add(row("job conf value with NUL").request("POST", "/api/v1/jobs")
                .body("application/yaml", () -> bytes(sparkPi("spark.driver.cores: 1",
                        "spark.driver.cores: 1\n  spark.sql.session.timeZone: \"\\x00\""))).expect(400, "INVALID_FIELD"));
        rows.add(row("job input path with NUL (JSON)").request("POST", "/api/v1/jobs").json("""
                {"type": "spark", "code": "%s", "entry": {"class_name": "io.kindling.examples.SparkPi"},
                 "jars": ["kindling-examples.jar"], "conf": {"spark.dynamicAllocation.enabled": "true"},
                 "inputs": {"raw": {"type": "uri_file", "path": "/tmp/in\\u0000put", "mode": "direct"}},
                 "compute": "no-such-pool"}""".formatted(JobApiTest.EXAMPLES.getParent()))
                .expect(400, "INVALID_FIELD"));
        rows.add(row("job identity client id with NUL").request("POST", "/api/v1/jobs")
                .body("application/yaml", () -> bytes(sparkPi("args: \"10\"",
                        "args: \"10\"\nidentity: {type: managed, client_id: \"c\\0\"}"))).expect(400, "INVALID_FIELD"));
        rows.add(row("session conda with NUL").request("POST", "/api/v1/sessions")
                .json("{\"conda\":\"dependencies: [numpy]\\u0000\"," + NO_POOL + "}")
                .expect(400, "CONDA_MALFORMED_YAML"));
        rows.add(row("pool conf value with NUL").request("POST", "/api/v1/pools").as(As.ADMIN)
                .json("{\"name\":\"p\"," + POOL_BASE + ",\"conf\":{\"spark.sql.session.timeZone\":\"a\\u0000\"}}")
                .expect(400, "INVALID_FIELD"));
        rows.add(row("pool identity client id with NUL").request("POST", "/api/v1/pools").as(As.ADMIN)
                .json("{\"name\":\"p\"," + POOL_BASE + ",\"identity\":{\"type\":\"user_assigned\","
                        + "\"clientId\":\"c\\u0000\"}}").expect(400, "INVALID_FIELD"));
        rows.add(row("role assignment principal $(rm -rf /)").request("POST", "/api/v1/workspaces/" + WS
                + "/role-assignments").as(As.ADMIN).json("{\"principal\":{\"type\":\"user\",\"name\":\"$(rm -rf /)\"},"
                + "\"role\":\"Reader\",\"datastore\":\"workspaceblobstore\"}").expect(400, "INVALID_FIELD"));
        rows.add(row("role assignment datastore ../../etc").request("POST", "/api/v1/workspaces/" + WS
                + "/role-assignments").as(As.ADMIN).json("{\"principal\":{\"type\":\"user\",\"name\":\"bob\"},"
                + "\"role\":\"Reader\",\"datastore\":\"../../etc\"}").expect(400, "INVALID_FIELD"));
        rows.add(row("role `id`").request("POST", "/api/v1/workspaces/" + WS + "/role-assignments").as(As.ADMIN)
                .json("{\"principal\":{\"type\":\"user\",\"name\":\"bob\"},\"role\":\"`id`\","
                        + "\"datastore\":\"workspaceblobstore\"}").expect(400, "INVALID_FIELD"));
        rows.add(row("managed identity client id '; DROP TABLE").request("POST", "/api/v1/workspaces/" + WS
                + "/managed-identities").as(As.ADMIN)
                .json("{\"name\":\"etl\",\"clientId\":\"'; DROP TABLE managed_identity;--\"}")
                .expect(400, "INVALID_FIELD"));
        rows.add(row("pool identity client id '; DROP TABLE").request("POST", "/api/v1/pools").as(As.ADMIN)
                .json("{\"name\":\"p\"," + POOL_BASE + ",\"identity\":{\"type\":\"user_assigned\","
                        + "\"clientId\":\"' OR '1'='1\"}}").expect(400, "IDENTITY_NOT_FOUND"));
        rows.add(row("pool jar $(id).jar").request("POST", "/api/v1/pools").as(As.ADMIN)
                .json("{\"name\":\"p\"," + POOL_BASE + ",\"jars\":[\"/tmp/$(id).jar\"]}")
                .expect(400, "HOST_PATH_REFUSED"));
        rows.add(row("pool conf value, pool unreachable").request("POST", "/api/v1/pools").as(As.ADMIN)
                .json("{\"name\":\"p\"," + POOL_BASE + ",\"conf\":{\"spark.sql.session.timeZone\":\"$(rm -rf /)\"}}")
                .expect(400, "POOL_UNREACHABLE"));
        rows.add(row("session conda with a shell command").request("POST", "/api/v1/sessions")
                .json("{\"conda\":\"dependencies: [\\\"numpy; rm -rf /\\\"]\"," + NO_POOL + "}")
                .expect(400, "CONDA_INVALID_ENTRY"));
        rows.add(row("session conda pip -e /etc").request("POST", "/api/v1/sessions")
                .json("{\"conda\":\"dependencies: [{pip: [\\\"-e /etc\\\"]}]\"," + NO_POOL + "}")
                .expect(400, "CONDA_INVALID_ENTRY"));
        rows.add(row("session conda channel $(id)").request("POST", "/api/v1/sessions")
                .json("{\"conda\":\"channels: [\\\"$(id)\\\"]\"," + NO_POOL + "}").expect(400, "CONDA_INVALID_ENTRY"));
        rows.add(row("scope ' OR 1=1 --: sessions").request("GET", "/api/v1/sessions?scope=%27%20OR%201%3D1%20--")
                .expect(400, "INVALID_FIELD"));
        rows.add(row("scope $(id): jobs").request("GET", "/api/v1/jobs?scope=%24%28id%29")
                .expect(400, "INVALID_FIELD"));
        rows.add(row("log stream ../../etc/passwd").request("GET", JOB + "/log?stream=..%2F..%2Fetc%2Fpasswd")
                .expect(400, "INVALID_FIELD"));
        for (String key : List.of("'; DROP TABLE idempotency_key;--", "$(rm -rf /)", "`id`", "k".repeat(129),
                "../../etc/passwd")) {
            rows.add(row("idempotency key " + printable(key)).request("POST", "/api/v1/sessions")
                    .json("{" + NO_POOL + "}").header("Idempotency-Key", key).expect(400, "INVALID_IDEMPOTENCY_KEY"));
        }
        rows.add(row("idempotency key " + printable("'; DROP") + ": job").request("POST", "/api/v1/jobs")
                .body("application/yaml", () -> bytes("compute: no-such-pool\n"))
                .header("Idempotency-Key", "'; DROP TABLE accepted_job;--").expect(400, "INVALID_IDEMPOTENCY_KEY"));
        rows.add(row("idempotency key with RTL override (raw UTF-8)").raw(() -> rawRequest("POST", "/api/v1/sessions",
                "Idempotency-Key: key\u202Eevil\r\n", "{" + NO_POOL + "}")).expect(400, "REQUEST_REJECTED"));
        rows.add(row("idempotency key with NUL (raw)").raw(() -> rawRequest("POST", "/api/v1/sessions",
                "Idempotency-Key: key\u0000evil\r\n", "{" + NO_POOL + "}")).expect(400, "BAD_REQUEST"));
        rows.add(row("idempotency key folded over two lines (raw)").raw(() -> rawRequest("POST", "/api/v1/sessions",
                "Idempotency-Key: key\r\n evil\r\n", "{" + NO_POOL + "}")).expect(400, "INVALID_IDEMPOTENCY_KEY"));
        return rows;
    }

    /**
     * Ids in paths: traversal, NUL, SQL, 10 KB. Tomcat refuses an encoded '/' or a NUL, and a request line over its
     * header limit (8 KB), before Spring sees them; the firewall an encoded '.', ';' or '%'.
     */
    static List<Row> paths() {
        String tenKb = "s-" + "0".repeat(10 * 1024);
        return List.of(
                row("session ..%2F..%2Fetc%2Fpasswd").request("GET", "/api/v1/sessions/..%2F..%2Fetc%2Fpasswd")
                        .expect(400, "BAD_REQUEST"),
                row("session %00").request("GET", "/api/v1/sessions/%00").expect(400, "BAD_REQUEST"),
                row("session %2e%2e").request("DELETE", "/api/v1/sessions/%2e%2e").expect(400, "REQUEST_REJECTED"),
                row("session '; DROP TABLE").request("GET", "/api/v1/sessions/%27%20OR%20%271%27%3D%271")
                        .expect(404, "SESSION_NOT_FOUND"),
                row("session id of 10 KB").request("GET", "/api/v1/sessions/" + tenKb).expect(400, "BAD_REQUEST"),
                row("session id of 10 KB: timeline").request("GET", "/api/v1/sessions/" + tenKb + "/timeline")
                        .expect(400, "BAD_REQUEST"),
                row("session id $(id): environment").request("GET", "/api/v1/sessions/%24%28id%29/environment")
                        .expect(404, "SESSION_NOT_FOUND"),
                row("session id with RTL: statements").request("GET", "/api/v1/sessions/s-%E2%80%AEfdcba/statements")
                        .expect(404, "SESSION_NOT_FOUND"),
                row("statement of an unknown session").request("GET", SESSION + "/statements/-1")
                        .expect(404, "SESSION_NOT_FOUND"),
                row("job ..%2F..%2Fetc%2Fpasswd").request("GET", "/api/v1/jobs/..%2F..%2Fetc%2Fpasswd/log")
                        .expect(400, "BAD_REQUEST"),
                row("job %00").request("DELETE", "/api/v1/jobs/%00").expect(400, "BAD_REQUEST"),
                row("job `id`").request("GET", "/api/v1/jobs/%60id%60").expect(404, "JOB_NOT_FOUND"),
                row("job id of 10 KB").request("DELETE", "/api/v1/jobs/j-" + "0".repeat(10 * 1024))
                        .expect(400, "BAD_REQUEST"),
                row("artifact ..%2F..").request("GET", "/api/v1/artifacts/..%2F..%2Fjobs").expect(400, "BAD_REQUEST"),
                row("artifact a-$(id)").request("GET", "/api/v1/artifacts/a-%24%28id%29")
                        .expect(404, "ARTIFACT_NOT_FOUND"),
                row("pool %00").request("GET", "/api/v1/pools/%00").as(As.ADMIN).expect(400, "BAD_REQUEST"),
                row("pool a%00b").request("DELETE", "/api/v1/pools/a%00b").as(As.ADMIN).expect(400, "BAD_REQUEST"),
                row("pool '; DROP TABLE").request("GET", "/api/v1/pools/%27%20OR%20%271%27%3D%271").as(As.ADMIN)
                        .expect(404, "POOL_NOT_FOUND"),
                row("pool of 10 KB").request("DELETE", "/api/v1/pools/" + "p".repeat(10 * 1024)).as(As.ADMIN)
                        .expect(400, "BAD_REQUEST"),
                row("pool with RTL").request("GET", "/api/v1/pools/p%E2%80%AEq").as(As.ADMIN)
                        .expect(404, "POOL_NOT_FOUND"),
                row("cluster ..%2F").request("GET", "/api/v1/clusters/kc-..%2F..%2Fx").expect(400, "BAD_REQUEST"),
                row("cluster of 10 KB").request("GET", "/api/v1/clusters/kc-" + "0".repeat(10 * 1024))
                        .expect(400, "BAD_REQUEST"),
                row("cluster $(id)").request("GET", "/api/v1/clusters/kc-%24%28id%29").expect(404, "CLUSTER_NOT_FOUND"),
                row("environment ../../etc/passwd").request("GET", "/api/v1/environments/..%2F..%2Fetc%2Fpasswd/log")
                        .expect(400, "BAD_REQUEST"),
                row("environment '; DROP").request("GET", "/api/v1/environments/%27%3B%20DROP%20TABLE%20x%3B--")
                        .expect(400, "REQUEST_REJECTED"),
                row("environment %00").request("GET", "/api/v1/environments/%00").expect(400, "BAD_REQUEST"),
                row("environment hash of 10 KB").request("GET", "/api/v1/environments/" + "a".repeat(10 * 1024))
                        .expect(400, "BAD_REQUEST"),
                row("workspace %00").request("GET", "/api/v1/workspaces/%00/datastores").as(As.ADMIN)
                        .expect(400, "BAD_REQUEST"),
                row("workspace ../..").request("POST", "/api/v1/workspaces/..%2F" + WS + "/datastores").as(As.ADMIN)
                        .json("{\"name\":\"x\"}").expect(400, "BAD_REQUEST"),
                row("workspace `id`").request("GET", "/api/v1/workspaces/%60id%60/role-assignments").as(As.ADMIN)
                        .expect(404, "WORKSPACE_NOT_FOUND"),
                row("workspace of 10 KB").request("GET", "/api/v1/workspaces/" + "w".repeat(10 * 1024)).as(As.ADMIN)
                        .expect(400, "BAD_REQUEST"));
    }

    /** Uploaded archives and file names that would write outside the code folder. */
    static List<Row> uploads() {
        return List.of(
                row("tar.gz with ../../evil").request("POST", "/api/v1/artifacts")
                        .multipart(Part.file("file", "src.tar.gz", gzip(tar('0', "../../evil.sh", "evil"))))
                        .expect(400, "ARCHIVE_ENTRY_UNSAFE"),
                row("tar with an absolute path").request("POST", "/api/v1/artifacts")
                        .multipart(Part.file("file", "src.tar", tar('0', "/tmp/kindling-evil.sh", "evil")))
                        .expect(400, "ARCHIVE_ENTRY_UNSAFE"),
                row("tar with a symlink to /etc/passwd").request("POST", "/api/v1/artifacts")
                        .multipart(Part.file("file", "src.tgz", gzip(tar('2', "passwd", "/etc/passwd"))))
                        .expect(400, "ARCHIVE_ENTRY_UNSAFE"),
                row("zip with an absolute path").request("POST", "/api/v1/artifacts")
                        .multipart(Part.file("file", "src.zip", zip(Map.of("main.py", "1", "/tmp/kindling-evil", "x"))))
                        .expect(400, "ARCHIVE_ENTRY_UNSAFE"),
                row("zip with a symlink").request("POST", "/api/v1/artifacts")
                        .multipart(Part.file("file", "src.zip", symlinkZip())).expect(400, "ARCHIVE_ENTRY_UNSAFE"),
                row("job code zip with ../../evil").request("POST", "/api/v1/jobs")
                        .multipart(Part.text("spec", uploadedJob("")),
                                Part.file("code", "src.zip", zip(Map.of("app.jar", "1", "a/../../evil.jar", "x"))))
                        .expect(400, "ARCHIVE_ENTRY_UNSAFE"),
                row("not a zip, named .zip").request("POST", "/api/v1/artifacts")
                        .multipart(Part.file("file", "src.zip", bytes("PK but not really a zip at all"))).expect(400,
                                "ARCHIVE_MALFORMED"),
                row("file name ..").request("POST", "/api/v1/artifacts")
                        .multipart(Part.file("file", "..", bytes("x"))).expect(400, "INVALID_UPLOAD"),
                row("file name ../../").request("POST", "/api/v1/artifacts")
                        .multipart(Part.file("file", "../../", bytes("x"))).expect(400, "INVALID_UPLOAD"),
                row("file name $(rm -rf ~).jar").request("POST", "/api/v1/artifacts")
                        .multipart(Part.file("file", "$(rm -rf ~).jar", bytes("x"))).expect(400, "INVALID_UPLOAD"),
                row("file name with RTL").request("POST", "/api/v1/artifacts")
                        .multipart(Part.file("file", "evil\u202Egpj.jar", bytes("x"))).expect(400, "INVALID_UPLOAD"),
                row("file name with NUL").request("POST", "/api/v1/artifacts")
                        .multipart(Part.file("file", "app\u0000.jar", bytes("x"))).expect(400, "MALFORMED_MULTIPART"),
                row("file name with a newline").request("POST", "/api/v1/jobs")
                        .multipart(Part.text("spec", uploadedJob("")), Part.file("code", "a\nb.jar", bytes("x")))
                        .expect(400, "INVALID_UPLOAD"),
                row("multipart without its end").request("POST", "/api/v1/artifacts")
                        .body("multipart/form-data; boundary=xyz", () -> bytes("--xyz\r\nContent-Disposition: "
                                + "form-data; name=\"file\"; filename=\"a.jar\"\r\n\r\nabc"))
                                .expect(400, "MALFORMED_MULTIPART"),
                row("multipart without a boundary").request("POST", "/api/v1/jobs")
                        .body("multipart/form-data", () -> bytes("--x\r\n\r\n")).expect(400, "MALFORMED_MULTIPART"));
    }

    /** Job specs whose file references leave the code folder or the datastore. */
    static List<Row> specFileReferences() {
        byte[] code = CODE;
        return List.of(
                row("jars: ../../../etc/passwd").request("POST", "/api/v1/jobs")
                        .multipart(Part.text("spec", uploadedJob("").replace("jars: [app.jar]",
                                        "jars: [app.jar, ../../../etc/passwd.jar]")),
                                Part.file("code", "src.zip", code)).expect(400, "INVALID_FIELD"),
                row("py_files: a/../../x").request("POST", "/api/v1/jobs")
                        .multipart(Part.text("spec", uploadedJob("py_files: [a/../../x.py]\n")),
                                Part.file("code", "src.zip", code)).expect(400, "INVALID_FIELD"),
                row("archives: ../../x.zip#env").request("POST", "/api/v1/jobs")
                        .multipart(Part.text("spec", uploadedJob("archives: [\"../../x.zip#env\"]\n")),
                                Part.file("code", "src.zip", code)).expect(400, "INVALID_FIELD"),
                row("conda_file: ../../etc/passwd").request("POST", "/api/v1/jobs")
                        .multipart(Part.text("spec", uploadedJob("environment: {conda_file: ../../etc/passwd}\n")),
                                Part.file("code", "src.zip", code)).expect(400, "INVALID_FIELD"),
                row("conda_file: /etc/passwd").request("POST", "/api/v1/jobs")
                        .multipart(Part.text("spec", uploadedJob("environment: {conda_file: /etc/passwd}\n")),
                                Part.file("code", "src.zip", code)).expect(400, "HOST_PATH_REFUSED"),
                row("code: ../../.. (nothing uploaded)").request("POST", "/api/v1/jobs")
                        .body("application/yaml", () -> bytes(uploadedJob("").replace("code: ./src", "code: ../../..")))
                        .expect(400, "FILE_NOT_FOUND"),
                row("code: kindling://artifacts/../../etc").request("POST", "/api/v1/jobs")
                        .body("application/yaml", () -> bytes(uploadedJob("").replace("code: ./src",
                                "code: kindling://artifacts/../../etc"))).expect(400, "FILE_NOT_FOUND"),
                row("input path leaves its datastore").request("POST", "/api/v1/jobs")
                        .body("application/yaml", () -> bytes(uploadedJob(io("kindling://datastores/workspaceblobstore"
                                + "/paths/../../../../etc", "kindling://datastores/workspaceblobstore/paths/out"))))
                        .expect(400, "INVALID_FIELD"),
                row("output path leaves its datastore").request("POST", "/api/v1/jobs")
                        .body("application/yaml", () -> bytes(uploadedJob(io("kindling://datastores/workspaceblobstore"
                                + "/paths/in", "azureml://datastores/workspaceblobstore/paths/a/../../../.."))))
                        .expect(400, "INVALID_FIELD"),
                row("input path relative").request("POST", "/api/v1/jobs")
                        .body("application/yaml", () -> bytes(uploadedJob(io("../../etc/passwd",
                                "kindling://datastores/workspaceblobstore/paths/out")))).expect(400, "INVALID_FIELD"),
                row("input path on another scheme").request("POST", "/api/v1/jobs")
                        .body("application/yaml", () -> bytes(uploadedJob(io("http://169.254.169.254/latest/meta-data",
                                "kindling://datastores/workspaceblobstore/paths/out")))).expect(400, "INVALID_FIELD"),
                row("input datastore ../..").request("POST", "/api/v1/jobs")
                        .body("application/yaml", () -> bytes(uploadedJob(io("kindling://datastores/../paths/etc",
                                "kindling://datastores/workspaceblobstore/paths/out"))))
                                .expect(400, "UNKNOWN_DATASTORE"));
    }

    static List<Row> mediaTypesAndMethods() {
        return List.of(
                row("text/plain: statement").request("POST", SESSION + "/statements")
                        .body("text/plain", () -> bytes("SELECT 1")).expect(415, "UNSUPPORTED_MEDIA_TYPE"),
                row("text/plain: pool").request("POST", "/api/v1/pools").as(As.ADMIN)
                        .body("text/plain", () -> bytes("name=p")).expect(415, "UNSUPPORTED_MEDIA_TYPE"),
                row("XML: workspace").request("POST", "/api/v1/workspaces").as(As.ADMIN)
                        .body("application/xml", () -> bytes("<workspace name='" + WS + "'/>"))
                        .expect(415, "UNSUPPORTED_MEDIA_TYPE"),
                row("a form: datastore").request("POST", "/api/v1/workspaces/" + WS + "/datastores").as(As.ADMIN)
                        .body("application/x-www-form-urlencoded", () -> bytes("name=x"))
                        .expect(415, "UNSUPPORTED_MEDIA_TYPE"),
                row("a form: job").request("POST", "/api/v1/jobs")
                        .body("application/x-www-form-urlencoded", () -> bytes("spec=type%3A+spark"))
                        .expect(415, "UNSUPPORTED_MEDIA_TYPE"),
                row("JSON: artifact").request("POST", "/api/v1/artifacts").json("{\"file\":\"/etc/passwd\"}")
                        .expect(415, "UNSUPPORTED_MEDIA_TYPE"),
                row("multipart: session").request("POST", "/api/v1/sessions").multipart(Part.text("name", "x"))
                        .expect(415, "UNSUPPORTED_MEDIA_TYPE"),
                row("no content type: session").request("POST", "/api/v1/sessions")
                        .body(null, () -> bytes("{}")).expect(415, "UNSUPPORTED_MEDIA_TYPE"),
                row("an unknown charset: job").request("POST", "/api/v1/jobs")
                        .body("application/yaml; charset=x-evil-7", () -> bytes("type: spark\n"))
                        .expect(415, "UNSUPPORTED_MEDIA_TYPE"),
                row("an unknown charset: session").request("POST", "/api/v1/sessions")
                        .body("application/json; charset=x-evil-7", () -> bytes("{}"))
                        .expect(415, "UNSUPPORTED_MEDIA_TYPE"),
                row("PUT: sessions").request("PUT", "/api/v1/sessions").json("{}").expect(405, "METHOD_NOT_ALLOWED"),
                row("PATCH: session").request("PATCH", SESSION).json("{}").expect(405, "METHOD_NOT_ALLOWED"),
                row("DELETE: statement").request("DELETE", SESSION + "/statements/0").expect(405, "METHOD_NOT_ALLOWED"),
                row("GET: statement cancel").request("GET", SESSION + "/statements/0/cancel")
                        .expect(405, "METHOD_NOT_ALLOWED"),
                row("PUT: job").request("PUT", JOB).json("{}").expect(405, "METHOD_NOT_ALLOWED"),
                row("GET: artifacts").request("GET", "/api/v1/artifacts").expect(405, "METHOD_NOT_ALLOWED"),
                row("DELETE: artifact").request("DELETE", "/api/v1/artifacts/a-0123456789abcdef")
                        .expect(405, "METHOD_NOT_ALLOWED"),
                row("PUT: pool").request("PUT", "/api/v1/pools/p").as(As.ADMIN).json("{}")
                        .expect(405, "METHOD_NOT_ALLOWED"),
                row("DELETE: workspace").request("DELETE", "/api/v1/workspaces/" + WS).as(As.ADMIN)
                        .expect(405, "METHOD_NOT_ALLOWED"),
                row("POST: clusters").request("POST", "/api/v1/clusters").json("{}").expect(405, "METHOD_NOT_ALLOWED"),
                row("DELETE: runtimes").request("DELETE", "/api/v1/runtimes").expect(405, "METHOD_NOT_ALLOWED"),
                row("POST: environment").request("POST", "/api/v1/environments/" + "a".repeat(32)).json("{}")
                        .expect(405, "METHOD_NOT_ALLOWED"),
                row("TRACE: sessions").request("TRACE", "/api/v1/sessions").expect(405, "METHOD_NOT_ALLOWED"));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void isRefusedWithASmallProblemAndLeavesNothing(Row row) throws Exception {
        long before = rowsOfTheHostileUser();
        List<Path> files = filesOfUploadsAndDatastores();

        // a row that hangs fails on its request's time limit (send), not on a stopwatch a slow machine would break
        Answer answer = send(row);

        String text = new String(answer.body(), StandardCharsets.UTF_8);
        assertThat(answer.status()).as("%s: %s", row, abbreviate(text)).isEqualTo(row.status());
        assertThat(answer.contentType()).as("%s: %s", row, abbreviate(text)).startsWith("application/problem+json");
        assertThat(answer.body().length).as("%s: the problem is small: %s", row, abbreviate(text))
                .isLessThan(MAX_PROBLEM_BYTES);
        JsonNode problem = JSON.readTree(text);
        assertThat(problem.path("status").asInt()).as(text).isEqualTo(row.status());
        assertThat(problem.path("code").asString("")).as(text).isEqualTo(row.code());
        assertThat(problem.path("detail").asString("")).as(text).isNotBlank();
        assertThat(text).as("no stack trace or class name").doesNotContain("Exception", "\tat ", "java.",
                "org.springframework", "org.apache", "tools.jackson", "io.kindling.");
        assertThat(text).as("no file of the host quoted").doesNotContain("root:x:0:0");
        assertThat(rowsOfTheHostileUser()).as("%s: rows or events of %s", row, USER).isEqualTo(before);
        assertThat(filesOfUploadsAndDatastores()).as("%s: files left behind", row).isEqualTo(files);
    }

    /** After the whole table: the user has nothing the gateway lists, and nothing was published for them. */
    @Order(2)
    @Test
    void theHostileUserHasNothing() {
        GatewayClient user = gateway.as(USER);
        GatewayClient admin = gateway.as(USER, WS, true);

        assertThat(user.get("/api/v1/sessions").body().get("sessions")).isEmpty();
        assertThat(user.get("/api/v1/jobs").body().get("jobs")).isEmpty();
        assertThat(admin.get("/api/v1/pools").body().get("pools")).isEmpty();
        assertThat(admin.get("/api/v1/workspaces/" + WS + "/managed-identities").body().get("managedIdentities"))
                .isEmpty();
        assertThat(admin.get("/api/v1/workspaces/" + WS + "/role-assignments").body().get("roleAssignments"))
                .isEmpty();
        assertThat(admin.get("/api/v1/workspaces/" + WS + "/datastores").body().get("datastores"))
                .allMatch(d -> d.get("source").asString().equals("install"));
        assertThat(gateway.as(USER, NEW_WS, true).get("/api/v1/workspaces").body().get("workspaces")).isEmpty();
        assertThat(rowsOfTheHostileUser()).isZero();
        assertThat(count("SELECT count(*) FROM outbox WHERE payload::text LIKE '%hostile%'")).isZero();
        assertThat(Files.exists(datastoreRoot().resolve(WS))).isFalse();
    }

    /** Everything the gateway keeps for the user or their workspaces, events included. */
    private static long rowsOfTheHostileUser() {
        return count("SELECT (SELECT count(*) FROM session_request WHERE owner = 'hostile')"
                + " + (SELECT count(*) FROM idempotency_key WHERE owner = 'hostile')"
                + " + (SELECT count(*) FROM accepted_job WHERE owner = 'hostile')"
                + " + (SELECT count(*) FROM artifact WHERE owner = 'hostile')"
                + " + (SELECT count(*) FROM attached_pool WHERE workspace LIKE 'ws-hostile%')"
                + " + (SELECT count(*) FROM workspace WHERE name = 'ws-hostile-new')"
                + " + (SELECT count(*) FROM managed_identity WHERE workspace LIKE 'ws-hostile%')"
                + " + (SELECT count(*) FROM datastore WHERE workspace LIKE 'ws-hostile%')"
                + " + (SELECT count(*) FROM role_assignment WHERE workspace LIKE 'ws-hostile%')"
                + " + (SELECT count(*) FROM outbox WHERE payload::text LIKE '%hostile%')");
    }

    /** Artifact folders (but the staging folder itself) and the datastore folders of the user's workspaces. */
    private static List<Path> filesOfUploadsAndDatastores() throws IOException {
        List<Path> found = new ArrayList<>();
        Path artifacts = gatewayContext().getBean(JobsProperties.class).artifactsDir().toAbsolutePath().normalize();
        for (Path root : List.of(artifacts, datastoreRoot().resolve(WS), datastoreRoot().resolve(NEW_WS))) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> all = Files.walk(root)) {
                    all.filter(p -> !p.equals(root) && !p.equals(artifacts.resolve(".incoming"))).forEach(found::add);
                }
            }
        }
        found.sort(null);
        return found;
    }

    private static Path datastoreRoot() {
        return gatewayContext().getBean(WorkspaceProperties.class).datastoreRoot().toAbsolutePath().normalize();
    }

    private static long count(String sql) {
        return gatewayContext().getBean(JdbcClient.class).sql(sql).query(Long.class).single();
    }

    private static ConfigurableApplicationContext gatewayContext() {
        return SharedPlatform.platform().services().stream()
                .filter(c -> c.getBeanProvider(GatewayApplication.class).stream().findAny().isPresent())
                .findFirst().orElseThrow();
    }

    // ---- sending

    record Answer(int status, String contentType, byte[] body) {
    }

    private static String token(As as) {
        return switch (as) {
            case USER -> SharedPlatform.platform().token(USER);
            case ADMIN -> SharedPlatform.platform().token(USER, WS, true);
            case NEW_WORKSPACE_ADMIN -> SharedPlatform.platform().token(USER, NEW_WS, true);
        };
    }

    private static Answer send(Row row) throws IOException, InterruptedException {
        if (row.raw() != null) {
            return sendRaw(row.raw().get(), row.as());
        }
        byte[] body = row.body() == null ? null : row.body().get();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SharedPlatform.platform().gatewayUrl()
                        + row.path())).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token(row.as()))
                .method(row.method(), body == null ? HttpRequest.BodyPublishers.noBody() : row.chunked()
                        ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (row.contentType() != null) {
            request.header("Content-Type", row.contentType());
        }
        row.headers().forEach(request::header);
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    /** A request written byte by byte (with the {@code Authorization} header added), and its answer read so. */
    private static Answer sendRaw(byte[] request, As as) throws IOException {
        URI base = URI.create(SharedPlatform.platform().gatewayUrl());
        String text = new String(request, StandardCharsets.UTF_8).replace("\r\n\r\n",
                "\r\nAuthorization: Bearer " + token(as) + "\r\n\r\n");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private static Answer parse(byte[] response) {
        String all = new String(response, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        assertThat(end).as("an HTTP answer: %s", abbreviate(all)).isPositive();
        String[] head = all.substring(0, end).split("\r\n");
        String type = Stream.of(head).filter(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:"))
                .map(h -> h.substring(13).strip()).findFirst().orElse("");
        return new Answer(Integer.parseInt(head[0].split(" ")[1]), type,
                all.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] rawRequest(String method, String path, String headers, String json) {
        byte[] body = bytes(json);
        // HTTP/1.0: the answer is not chunked, and the connection closes after it
        return (method + " " + path + " HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n" + headers + "\r\n" + json).getBytes(StandardCharsets.UTF_8);
    }

    // ---- bodies

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {"<field>": "xxx...x"}}, the string {@code size} bytes long. */
    private static byte[] jsonWith(String field, int size) {
        byte[] body = new byte[size + field.length() + 7];
        byte[] head = bytes("{\"" + field + "\":\"");
        System.arraycopy(head, 0, body, 0, head.length);
        java.util.Arrays.fill(body, head.length, body.length - 2, (byte) 'x');
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        return body;
    }

    private static String confOf(int entries) {
        StringBuilder conf = new StringBuilder("{");
        for (int i = 0; i < entries; i++) {
            conf.append(i == 0 ? "" : ",").append("\"spark.sql.k").append(i).append("\":\"v\"");
        }
        return conf.append('}').toString();
    }

    /** The billion laughs in YAML: nine levels of nine aliases each. */
    private static String yamlBomb() {
        StringBuilder yaml = new StringBuilder("a: &a [" + "lol, ".repeat(8) + "lol]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            yaml.append(c).append(": &").append(c).append(" [").append(("*" + (char) (c - 1) + ", ").repeat(8))
                    .append('*').append((char) (c - 1)).append("]\n");
        }
        return yaml.toString();
    }

    /** A job whose code comes with it ({@code app.jar} in {@link #CODE}), with more spec lines. */
    private static String uploadedJob(String more) {
        return JobBusEndToEndTest.sized("entry: {class_name: io.kindling.examples.SparkPi}\njars: [app.jar]\n" + more)
                .replace("code: ./target", "code: ./src");
    }

    /**
     * SparkPi from the examples jar on this host, {@code from} replaced by {@code to}: a job that would be accepted
     * but for the pool it names (there is none), so that only what replaced {@code from} refuses it first.
     */
    private static String sparkPi(String from, String to) {
        String spec = JobApiTest.SPARK_PI.replace("code: ./target", "code: " + JobApiTest.EXAMPLES.getParent())
                .replaceAll("(?s)resources:.*", "compute: no-such-pool\n");
        assertThat(spec).contains(from);
        return spec.replace(from, to);
    }

    private static String io(String input, String output) {
        return "inputs:\n  raw: {type: uri_folder, path: \"" + input + "\", mode: direct}\n"
                + "outputs:\n  out: {type: uri_folder, path: \"" + output + "\"}\n"
                + "args: ${{inputs.raw}} ${{outputs.out}}\n";
    }

    private static Part[] manyParts(int n) {
        Part[] parts = new Part[n];
        for (int i = 0; i < n; i++) {
            parts[i] = Part.text("p" + i, "x");
        }
        return parts;
    }

    static byte[] multipartBody(String boundary, Part... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : parts) {
            body.writeBytes(bytes("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\""
                    + (part.fileName() == null ? "" : "; filename=\"" + part.fileName() + "\"\r\n"
                    + "Content-Type: application/octet-stream") + "\r\n\r\n"));
            body.writeBytes(part.content());
            body.writeBytes(bytes("\r\n"));
        }
        body.writeBytes(bytes("--" + boundary + "--\r\n"));
        return body.toByteArray();
    }

    private static byte[] zip(Map<String, String> entries) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        entries.forEach((name, text) -> bytes.put(name, bytes(text)));
        try {
            return JobApiTest.zipOf(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A zip whose second entry's central directory record says: Unix symlink (what {@code zip -y} writes). */
    private static byte[] symlinkZip() {
        byte[] zip = zip(Map.of("main.py", "1", "passwd", "/etc/passwd"));
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int seen = 0;
        for (int p = 0; p + 4 <= zip.length; p++) {
            if (buffer.getInt(p) == 0x02014b50 && seen++ == 1) {
                buffer.putShort(p + 4, (short) (3 << 8 | 20));
                buffer.putInt(p + 38, 0120777 << 16);
                return zip;
            }
        }
        throw new IllegalStateException("no second central directory entry");
    }

    /** A one-entry ustar archive: a file ({@code '0'}, content {@code text}) or a link ({@code '2'} to it). */
    private static byte[] tar(char type, String name, String text) {
        byte[] content = type == '0' ? bytes(text) : new byte[0];
        byte[] header = new byte[512];
        put(header, 0, name, 100);
        put(header, 100, "0000644", 8);
        put(header, 108, "0001750", 8);
        put(header, 116, "0001750", 8);
        put(header, 124, String.format("%011o", content.length), 12);
        put(header, 136, "14707036510", 12);
        header[156] = (byte) type;
        put(header, 157, type == '0' ? "" : text, 100);
        put(header, 257, "ustar", 6);
        put(header, 263, "00", 2);
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum), 7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(content);
        out.writeBytes(new byte[(512 - content.length % 512) % 512 + 1024]);
        return out.toByteArray();
    }

    private static void put(byte[] header, int offset, String value, int length) {
        byte[] b = bytes(value);
        System.arraycopy(b, 0, header, offset, Math.min(b.length, length));
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String quote(String text) {
        return JSON.writeValueAsString(text);
    }

    /** A test name without control characters. */
    private static String printable(String text) {
        String shown = text.replace("\n", "\\n").replace("\u0000", "\\0").replace("\u202E", "<RTL>");
        return shown.length() > 40 ? shown.substring(0, 20) + "…(" + shown.length() + ")" : shown;
    }

    private static String abbreviate(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "… (" + text.length() + " characters)" : text;
    }
}
