package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.kindling.gateway.auth.LocalTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@code /api/v1} call needs a bearer JWT the gateway trusts: none, a forged one, an expired one or one that
 * names no proper user is a 401 problem; a valid one sees only its user's resources (another user's are 404).
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class AuthEndToEndTest {

    private static final List<String> PATHS = List.of("/api/v1/sessions", "/api/v1/jobs", "/api/v1/clusters",
            "/api/v1/sessions/s-0123456789abcdef", "/api/v1/jobs/j-0123456789abcdef/log",
            "/api/v1/environments/abc");

    @TempDir
    static Path otherKeys;

    @Test
    void withoutATokenEveryApiCallIs401AndSaysHowToGetOne() {
        GatewayClient anonymous = client().withAuthorization(null);
        for (String path : PATHS) {
            GatewayClient.Response response = anonymous.get(path);

            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.body().get("code").asString()).isEqualTo("TOKEN_MISSING");
            assertThat(response.body().get("detail").asString()).contains("bin/kindling token");
        }
        GatewayClient.Response post = anonymous.post("/api/v1/sessions", "{}");
        assertThat(post.status()).isEqualTo(401);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefusedAndNotEchoed() {
        String forged = LocalTokens.fromKeyFile(otherKeys.resolve("forger.key"), Clock.systemUTC())
                .mint("alice", "default", List.of("workspace-admin"), Duration.ofHours(1));

        GatewayClient.Response response = client().withAuthorization("Bearer " + forged).get("/api/v1/sessions");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body().get("code").asString()).as("%s", response.body()).isEqualTo("TOKEN_INVALID");
        assertThat(response.body().toString()).doesNotContain(forged).doesNotContain(forged.split("\\.")[2]);
    }

    @Test
    void anExpiredTokenIsRefusedAsExpired() {
        String expired = SharedPlatform.bean(LocalTokens.class).mint("alice", "default", List.of(),
                Duration.ofMinutes(-5));

        GatewayClient.Response response = client().withAuthorization("Bearer " + expired).get("/api/v1/jobs");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body().get("code").asString()).as("%s", response.body()).isEqualTo("TOKEN_EXPIRED");
        assertThat(response.body().get("detail").asString()).contains("expired");
    }

    @ParameterizedTest(name = "Authorization: {0}")
    @ValueSource(strings = {"Bearer not-a-jwt", "Basic YWxpY2U6c2VjcmV0", "Bearer ", "bearer x.y.z"})
    void somethingThatIsNotAValidBearerTokenIsRefused(String header) {
        GatewayClient.Response response = client().withAuthorization(header).get("/api/v1/sessions");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body().get("code").asString()).startsWith("TOKEN_");
    }

    @Test
    void aTokenWhoseSubjectIsNoUserNameIsRefused() {
        String token = SharedPlatform.bean(LocalTokens.class).mint("../../etc", "default", List.of(),
                Duration.ofHours(1));

        GatewayClient.Response response = client().withAuthorization("Bearer " + token).get("/api/v1/sessions");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body().get("detail").asString()).contains("must name a user");
    }

    @Test
    void anotherUsersArtifactAndJobsAreNotFoundButTheOwnersAre() throws IOException {
        GatewayClient.Response uploaded = JobApiTest.multipart("auth-alice", "/api/v1/artifacts", null,
                JobApiTest.Part.file("file", "notes.txt", "hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(uploaded.status()).as("%s", uploaded.body()).isEqualTo(201);
        String id = uploaded.body().get("id").asString();

        assertThat(client().as("auth-alice").get("/api/v1/artifacts/" + id).status()).isEqualTo(200);
        GatewayClient.Response bobs = client().as("auth-bob").get("/api/v1/artifacts/" + id);
        assertThat(bobs.status()).isEqualTo(404);
        assertThat(bobs.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aUserNamedByAnEmailAddressWorks() {
        GatewayClient dora = client().as("dora.k@example.org");

        GatewayClient.Response jobs = dora.get("/api/v1/jobs");
        GatewayClient.Response sessions = dora.get("/api/v1/sessions");

        assertThat(jobs.status()).as("%s", jobs.body()).isEqualTo(200);
        assertThat(jobs.body().get("jobs")).isEmpty();
        assertThat(sessions.status()).as("%s", sessions.body()).isEqualTo(200);
    }

    @Test
    void noTokenReachesTheLogsWhateverHappensToIt() {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        root.addAppender(logs);
        // the security filters at their most talkative, where a careless message would carry a token
        ch.qos.logback.classic.Logger security = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("org.springframework.security");
        ch.qos.logback.classic.Level level = security.getLevel();
        security.setLevel(ch.qos.logback.classic.Level.TRACE);
        String valid = SharedPlatform.platform().token("auth-logs");
        String forged = LocalTokens.fromKeyFile(otherKeys.resolve("forger-2.key"), Clock.systemUTC())
                .mint("auth-logs", "default", List.of(), Duration.ofHours(1));
        try {
            client().withAuthorization("Bearer " + valid).get("/api/v1/jobs");
            client().withAuthorization("Bearer " + valid).post("/api/v1/sessions", "{\"numExecutors\":\"x\"}");
            client().withAuthorization("Bearer " + forged).get("/api/v1/sessions");
            client().withAuthorization("Bearer " + valid.substring(0, valid.length() - 2)).get("/api/v1/sessions");
        } finally {
            root.detachAppender(logs);
            security.setLevel(level);
        }

        assertThat(logs.list).as("what the gateway logged while it checked the tokens")
                .anyMatch(e -> e.getLoggerName().startsWith("org.springframework.security"));
        for (String token : List.of(valid, forged)) {
            String signature = token.substring(token.lastIndexOf('.') + 1);
            assertThat(logs.list).extracting(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                    : e.getThrowableProxy().getMessage())).noneMatch(line -> line.contains(signature));
        }
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(SharedPlatform.platform().gatewayUrl() + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void theKeyFileIsReadableByItsOwnerOnly() throws IOException {
        Path key = SharedPlatform.bean(io.kindling.gateway.auth.AuthProperties.class).signingKeyFile();

        assertThat(Files.getPosixFilePermissions(key)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    private static GatewayClient client() {
        return new GatewayClient(SharedPlatform.platform());
    }
}
