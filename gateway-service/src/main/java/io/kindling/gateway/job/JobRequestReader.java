package io.kindling.gateway.job;

import io.kindling.job.spec.JobSpecError;
import io.kindling.kit.problem.ApiProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * Reads a job submission: a YAML or JSON body, or {@code multipart/form-data} with a {@code spec} part (a file or
 * a text field) and an optional {@code code} file part. Refusals are 400 problems with the JobSpecError name as
 * {@code code} and the part as {@code field}.
 */
final class JobRequestReader {

    /** Read no further: the spec parser refuses anything over 128 KiB anyway, with its own message. */
    static final int MAX_SPEC_BYTES = 1 << 20;
    static final String SPEC = "spec";
    static final String CODE = "code";

    private JobRequestReader() {
    }

    /** A {@code application/yaml} or {@code application/json} body; {@code charset} from its content type. */
    static JobRequest body(InputStream in, Charset charset) throws IOException {
        return new JobRequest(text(in, charset), null);
    }

    static JobRequest multipart(MultipartHttpServletRequest request) throws IOException {
        Set<String> parts = new TreeSet<>(request.getMultiFileMap().keySet());
        parts.addAll(request.getParameterMap().keySet());
        for (String part : parts) {
            if (!part.equals(SPEC) && !part.equals(CODE)) {
                throw problem(JobSpecError.UNKNOWN_FIELD, part, "unknown part '" + part + "'; a job submission has "
                        + "the parts 'spec' (the YAML or JSON, required) and 'code' (a file, optional)");
            }
        }
        List<MultipartFile> specFiles = request.getMultiFileMap().getOrDefault(SPEC, List.of());
        String[] specFields = request.getParameterValues(SPEC);
        int specCount = specFiles.size() + (specFields == null ? 0 : specFields.length);
        if (specCount == 0) {
            throw problem(JobSpecError.MISSING_FIELD, SPEC, "the multipart request has no part 'spec'; send the job "
                    + "spec in it (curl -F spec=@job.yml)");
        }
        if (specCount > 1) {
            throw problem(JobSpecError.INVALID_FIELD, SPEC, "part 'spec' is there " + specCount + " times; send one");
        }
        String spec;
        if (specFiles.isEmpty()) {
            spec = specFields[0];
            if (spec.getBytes(StandardCharsets.UTF_8).length > MAX_SPEC_BYTES) {
                throw tooLarge();
            }
        } else {
            try (InputStream in = specFiles.get(0).getInputStream()) {
                spec = text(in, StandardCharsets.UTF_8);
            }
        }
        if (request.getParameterValues(CODE) != null) {
            throw problem(JobSpecError.INVALID_FIELD, CODE, "part 'code' must be a file (curl -F code=@app.jar), "
                    + "not a text field");
        }
        List<MultipartFile> code = request.getMultiFileMap().getOrDefault(CODE, List.of());
        if (code.size() > 1) {
            throw problem(JobSpecError.INVALID_FIELD, CODE, "part 'code' is there " + code.size() + " times; send "
                    + "one file (zip or tar.gz several)");
        }
        return new JobRequest(spec, code.isEmpty() ? null : code.get(0));
    }

    private static String text(InputStream in, Charset charset) throws IOException {
        byte[] bytes = in.readNBytes(MAX_SPEC_BYTES + 1);
        if (bytes.length > MAX_SPEC_BYTES) {
            throw tooLarge();
        }
        return new String(bytes, charset);
    }

    private static ApiProblem tooLarge() {
        return problem(JobSpecError.MALFORMED_SPEC, SPEC, "the spark job spec is larger than " + MAX_SPEC_BYTES / 1024
                + " KiB");
    }

    static ApiProblem problem(JobSpecError code, String field, String detail) {
        return ApiProblem.badRequest(code.name(), detail).with("field", field);
    }
}
