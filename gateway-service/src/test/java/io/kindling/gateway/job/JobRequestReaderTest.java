package io.kindling.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindling.kit.problem.ApiProblem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.mock.web.MockMultipartHttpServletRequest;

class JobRequestReaderTest {

    private static final String SPEC = "type: spark\ncode: ./src\n";

    @Test
    void aBodyIsTheSpecAsWritten() throws IOException {
        JobRequest request = JobRequestReader.body(new ByteArrayInputStream("display_name: Grüße\n"
                .getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);

        assertThat(request.spec()).isEqualTo("display_name: Grüße\n");
        assertThat(request.code()).isNull();
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() {
        byte[] big = new byte[JobRequestReader.MAX_SPEC_BYTES + 1];

        assertProblem(() -> JobRequestReader.body(new ByteArrayInputStream(big), StandardCharsets.UTF_8),
                "MALFORMED_SPEC", "spec");
    }

    @Test
    void theSpecPartMayBeAFileOrAField() throws IOException {
        MockMultipartHttpServletRequest asFile = new MockMultipartHttpServletRequest();
        asFile.addFile(new MockMultipartFile("spec", "job.yml", "application/yaml", SPEC.getBytes()));
        MockMultipartFile code = new MockMultipartFile("code", "app.jar", null, "jar".getBytes());
        asFile.addFile(code);
        MockMultipartHttpServletRequest asField = new MockMultipartHttpServletRequest();
        asField.addParameter("spec", SPEC);

        JobRequest fromFile = JobRequestReader.multipart(asFile);
        JobRequest fromField = JobRequestReader.multipart(asField);

        assertThat(fromFile.spec()).isEqualTo(SPEC);
        assertThat(fromFile.code()).isSameAs(code);
        assertThat(fromField.spec()).isEqualTo(SPEC);
        assertThat(fromField.code()).isNull();
    }

    @Test
    void multipartWithoutASpecNamesThePart() {
        MockMultipartHttpServletRequest request = new MockMultipartHttpServletRequest();
        request.addFile(new MockMultipartFile("code", "app.jar", null, "jar".getBytes()));

        assertProblem(() -> JobRequestReader.multipart(request), "MISSING_FIELD", "spec");
    }

    @Test
    void anUnknownPartIsRefused() {
        MockMultipartHttpServletRequest request = new MockMultipartHttpServletRequest();
        request.addParameter("spec", SPEC);
        request.addFile(new MockMultipartFile("cod", "app.jar", null, "jar".getBytes()));

        assertProblem(() -> JobRequestReader.multipart(request), "UNKNOWN_FIELD", "cod");
    }

    @Test
    void codeMustBeOneFile() {
        MockMultipartHttpServletRequest asText = new MockMultipartHttpServletRequest();
        asText.addParameter("spec", SPEC);
        asText.addParameter("code", "./src");
        MockMultipartHttpServletRequest twice = new MockMultipartHttpServletRequest();
        twice.addParameter("spec", SPEC);
        twice.addFile(new MockMultipartFile("code", "a.jar", null, "a".getBytes()));
        twice.addFile(new MockMultipartFile("code", "b.jar", null, "b".getBytes()));

        assertProblem(() -> JobRequestReader.multipart(asText), "INVALID_FIELD", "code");
        assertProblem(() -> JobRequestReader.multipart(twice), "INVALID_FIELD", "code");
    }

    @Test
    void twoSpecsAreRefused() {
        MockMultipartHttpServletRequest request = new MockMultipartHttpServletRequest();
        request.addParameter("spec", SPEC);
        request.addFile(new MockMultipartFile("spec", "job.yml", null, SPEC.getBytes()));

        assertProblem(() -> JobRequestReader.multipart(request), "INVALID_FIELD", "spec");
    }

    @Test
    void theFingerprintCoversTheSpecAndTheCodeFile() {
        MockMultipartFile jar = new MockMultipartFile("code", "app.jar", null, "jar".getBytes());
        MockMultipartFile otherJar = new MockMultipartFile("code", "app.jar", null, "jar2".getBytes());

        assertThat(new JobRequest(SPEC, jar).fingerprint()).isEqualTo(new JobRequest(SPEC, jar).fingerprint())
                .isNotEqualTo(new JobRequest(SPEC, null).fingerprint())
                .isNotEqualTo(new JobRequest(SPEC, otherJar).fingerprint())
                .isNotEqualTo(new JobRequest(SPEC + " ", jar).fingerprint());
    }

    private static void assertProblem(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code,
                                      String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status().value()).isEqualTo(400);
            assertThat(p.code()).isEqualTo(code);
            assertThat(p.fields()).containsEntry("field", field);
            assertThat(p.getMessage()).isNotBlank();
        });
    }
}
