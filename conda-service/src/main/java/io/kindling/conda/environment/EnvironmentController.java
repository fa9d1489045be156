package io.kindling.conda.environment;

import io.kindling.conda.build.BuildLog;
import io.kindling.kit.problem.ApiProblem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * conda-service's internal read API, which the gateway serves to users (checking they used the environment).
 */
@RestController
@RequestMapping("/internal")
class EnvironmentController {

    /** How much of a build log the JSON view carries; the whole log is at {@code .../log}. */
    static final int LOG_TAIL_BYTES = 64 * 1024;

    private final EnvironmentRepository repository;
    private final JsonMapper json;

    EnvironmentController(EnvironmentRepository repository, JsonMapper json) {
        this.repository = repository;
        this.json = json;
    }

    /**
     * An environment as {@code owner} may see it: found only if one of their sessions used it, and with only
     * their own uses listed (the environment itself, a set of public packages, is shared).
     */
    @GetMapping("/environments/{hash}")
    Map<String, Object> environment(@PathVariable String hash, @RequestParam String owner) {
        requireUsedBy(hash, owner);
        return view(hash, repository.builds(hash), repository.uses(hash).stream()
                .filter(u -> u.owner().equals(owner)).toList());
    }

    @GetMapping(value = "/environments/{hash}/log", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> log(@PathVariable String hash, @RequestParam String owner) {
        requireUsedBy(hash, owner);
        EnvironmentBuild latest = repository.builds(hash).stream().findFirst().orElseThrow(
                () -> ApiProblem.notFound("ENVIRONMENT_NOT_FOUND", "no environment " + hash));
        String text = latest.logPath() == null ? "" : BuildLog.tail(Path.of(latest.logPath()), 16 * 1024 * 1024);
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(text);
    }

    /** The environment of one session, with that session's use (cache hit or miss). */
    @GetMapping("/sessions/{sessionId}/environment")
    Map<String, Object> ofSession(@PathVariable String sessionId) {
        EnvironmentUse use = repository.use(sessionId).orElseThrow(() -> ApiProblem.notFound("ENVIRONMENT_NOT_FOUND",
                "session " + sessionId + " has no conda environment (yet)"));
        Map<String, Object> view = use.specHash() == null ? new LinkedHashMap<>()
                : view(use.specHash(), repository.builds(use.specHash()), repository.uses(use.specHash()).stream()
                        .filter(u -> u.owner().equals(use.owner())).toList());
        view.put("session", use(use));
        return view;
    }

    private void requireUsedBy(String hash, String owner) {
        if (!repository.usedBy(hash, owner)) {
            throw ApiProblem.notFound("ENVIRONMENT_NOT_FOUND", "no environment " + hash).with("hash", hash);
        }
    }

    private Map<String, Object> view(String hash, List<EnvironmentBuild> builds, List<EnvironmentUse> uses) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("hash", hash);
        EnvironmentBuild latest = builds.isEmpty() ? null : builds.get(0);
        if (latest != null) {
            view.put("state", latest.state().apiName());
            view.put("runtimeVersion", latest.runtime());
            view.put("builder", latest.builder());
            view.put("cached", latest.cached() && latest.state() == EnvironmentState.READY);
            view.put("buildMillis", latest.startedAt() == null || latest.finishedAt() == null ? null
                    : Duration.between(latest.startedAt(), latest.finishedAt()).toMillis());
            view.put("requestedAt", str(latest.requestedAt()));
            view.put("startedAt", str(latest.startedAt()));
            view.put("finishedAt", str(latest.finishedAt()));
            view.put("failure", latest.failure() == null ? null : latest.failure().name());
            view.put("message", latest.message());
            view.put("pending", latest.pending());
            view.put("pendingSince", str(latest.pendingSince()));
            view.put("archiveUri", latest.archiveUri());
            view.put("archiveBytes", latest.archiveBytes());
            view.put("skipped", json.readValue(latest.skippedJson(), new TypeReference<List<Object>>() {
            }));
            view.put("spec", latest.normalizedSpec());
            view.put("history", repository.history(latest.id()));
        }
        view.put("cacheHits", uses.stream().filter(u -> Boolean.TRUE.equals(u.cacheHit())).count());
        view.put("cacheMisses", uses.stream().filter(u -> Boolean.FALSE.equals(u.cacheHit())).count());
        view.put("builds", builds.stream().map(b -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.id());
            m.put("attempt", b.attempt());
            m.put("state", b.state().apiName());
            m.put("cached", b.cached());
            m.put("failure", b.failure() == null ? null : b.failure().name());
            m.put("requestedAt", str(b.requestedAt()));
            m.put("finishedAt", str(b.finishedAt()));
            return m;
        }).toList());
        view.put("uses", uses.stream().map(EnvironmentController::use).toList());
        view.put("log", latest == null || latest.logPath() == null ? ""
                : BuildLog.tail(Path.of(latest.logPath()), LOG_TAIL_BYTES));
        return view;
    }

    private static Map<String, Object> use(EnvironmentUse u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessionId", u.sessionId());
        m.put("owner", u.owner());
        m.put("state", u.state().toLowerCase(java.util.Locale.ROOT));
        m.put("cacheRequested", u.cacheRequested());
        m.put("cacheHit", u.cacheHit());
        m.put("buildId", u.buildId());
        m.put("message", u.message());
        m.put("requestedAt", str(u.requestedAt()));
        m.put("resolvedAt", str(u.resolvedAt()));
        return m;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
