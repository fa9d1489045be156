package io.kindling.gateway.artifact;

import io.kindling.gateway.auth.Caller;
import io.kindling.kit.problem.ApiProblem;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * {@code /api/v1/artifacts}: code uploaded once and named by later jobs as {@code code: kindling://artifacts/<id>}.
 * Only its uploader's jobs may use an artifact.
 */
@RestController
class ArtifactController {

    private static final Pattern ID = Pattern.compile("a-[0-9a-f]{16}");

    private final Artifacts artifacts;

    ArtifactController(Artifacts artifacts) {
        this.artifacts = artifacts;
    }

    @PostMapping(value = "/api/v1/artifacts", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, Object>> upload(MultipartHttpServletRequest request,
                                               Caller caller) {
        String owner = caller.user();
        Set<String> parts = new TreeSet<>(request.getMultiFileMap().keySet());
        parts.addAll(request.getParameterMap().keySet());
        parts.remove("file");
        if (!parts.isEmpty()) {
            throw ApiProblem.badRequest("UNKNOWN_FIELD", "unknown part '" + parts.iterator().next()
                    + "'; an artifact upload has one part, 'file'").with("field", parts.iterator().next());
        }
        List<MultipartFile> files = request.getMultiFileMap().getOrDefault("file", List.of());
        if (files.size() != 1) {
            throw ApiProblem.badRequest(files.isEmpty() ? "MISSING_FIELD" : "INVALID_FIELD", "send the code as one "
                    + "file part named 'file' (curl -F file=@app.jar); got " + files.size()).with("field", "file");
        }
        StoredCode code = artifacts.store(files.get(0), "file");
        try {
            artifacts.record(owner, code, Artifacts.Origin.ARTIFACT);
        } catch (RuntimeException e) {
            artifacts.discard(code);
            throw e;
        }
        return ResponseEntity.created(URI.create("/api/v1/artifacts/" + code.id()))
                .body(view(code.id(), code.reference(), code.fileName(), code.files(), code.bytes(), null));
    }

    @GetMapping("/api/v1/artifacts/{id}")
    Map<String, Object> get(@PathVariable String id, Caller caller) {
        String owner = caller.user();
        if (!ID.matcher(id).matches()) {
            throw notFound(id);
        }
        Artifacts.Recorded a = artifacts.find(id, owner).orElseThrow(() -> notFound(id));
        return view(id, "kindling://artifacts/" + id, a.fileName(), a.files(), a.bytes(), a.createdAt().toString());
    }

    private static Map<String, Object> view(String id, String uri, String fileName, List<String> files, long bytes,
                                            String createdAt) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("uri", uri);
        view.put("fileName", fileName);
        view.put("files", files);
        view.put("sizeBytes", bytes);
        if (createdAt != null) {
            view.put("createdAt", createdAt);
        }
        return view;
    }

    private static ApiProblem notFound(String id) {
        return ApiProblem.notFound("ARTIFACT_NOT_FOUND", "no artifact '" + id + "'").with("artifactId", id);
    }
}
