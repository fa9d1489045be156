package io.kindling.conda.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Index credentials never reach a build log as written, nor as the API reads it back (L2). */
class BuildLogTest {

    @Test
    void credentialsInUrlsAreMaskedInKindlingsLinesAndInWhatAnInstallerPrinted(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("build.log");
        BuildLog.append(log, "$ pip install --index-url https://builder:s3cr3t-t0ken@pypi.example/simple"
                + " --extra-index-url http://ghp_abcdef123456@git.example/simple tinypkg==1.0");
        // an installer that does not mask what it prints
        Files.writeString(log, "Looking in indexes: https://other:hunter2@mirror.example/simple\n",
                java.nio.file.StandardOpenOption.APPEND);

        String written = Files.readString(log);
        assertThat(written).doesNotContain("s3cr3t-t0ken").doesNotContain("ghp_abcdef123456")
                .contains("https://builder:****@pypi.example/simple").contains("http://****@git.example/simple")
                .contains("tinypkg==1.0");
        assertThat(BuildLog.tail(log, 10_000)).doesNotContain("hunter2").doesNotContain("s3cr3t-t0ken")
                .contains("https://other:****@mirror.example/simple");
        // no URL, nothing masked: an e-mail address or a pinned requirement stays as it was
        assertThat(BuildLog.redact("contact a@b.example; pkg @ file:///wheels/pkg.whl"))
                .isEqualTo("contact a@b.example; pkg @ file:///wheels/pkg.whl");
    }
}
