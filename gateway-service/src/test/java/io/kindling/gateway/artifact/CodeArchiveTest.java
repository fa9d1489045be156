package io.kindling.gateway.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodeArchiveTest {

    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aZipIsExtractedWithItsFolders() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("src/", new byte[0]);
        entries.put("src/main.py", bytes("print('hi')"));
        entries.put("libs/dep.jar", bytes("jar"));
        entries.put("./conf/settings.json", bytes("{}"));
        Path zip = Archives.zip(dir.resolve("up"), entries);

        CodeArchive.Extracted extracted = extract(zip, "code.zip", MB, 100);

        assertThat(extracted.files()).containsExactly("conf/settings.json", "libs/dep.jar", "src/main.py");
        assertThat(extracted.bytes()).isEqualTo(11 + 3 + 2);
        assertThat(extracted.single()).isFalse();
        assertThat(dir.resolve("code/src/main.py")).hasContent("print('hi')");
    }

    @Test
    void aTarGzIsExtractedWithPaxAndGnuLongNames() throws IOException {
        String longName = "deep/" + "d".repeat(120) + "/data.csv";
        String gnuName = "gnu/" + "g".repeat(110) + ".txt";
        Path tgz = new Archives.Tar().folder("./").folder("app/").file("app/run.py", bytes("run"))
                .paxFile(longName, bytes("1,2")).gnuLongFile(gnuName, bytes("gnu"))
                .gzip(dir.resolve("up"));

        CodeArchive.Extracted extracted = extract(tgz, "code.tgz", MB, 100);

        assertThat(extracted.files()).containsExactly("app/run.py", "deep/" + "d".repeat(120) + "/data.csv", gnuName);
        assertThat(dir.resolve("code").resolve(longName)).hasContent("1,2");
        assertThat(dir.resolve("code").resolve(gnuName)).hasContent("gnu");
    }

    /** What GNU tar itself writes (long names, folders, a mode or two), where this machine has it. */
    @Test
    void aTarGzWrittenByTarIsExtracted() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source/pkg/" + "n".repeat(150)));
        Files.writeString(source.resolve("module.py"), "x = 1\n");
        Files.writeString(dir.resolve("source/main.py"), "import pkg\n");
        Path tgz = dir.resolve("made.tar.gz");
        Process tar;
        try {
            tar = new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", dir.resolve("source").toString(), ".")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no tar on this machine");
            return;
        }
        assertThat(tar.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assumeTrue(tar.exitValue() == 0, "tar failed");

        CodeArchive.Extracted extracted = extract(tgz, "made.tar.gz", MB, 100);

        assertThat(extracted.files()).containsExactly("main.py", "pkg/" + "n".repeat(150) + "/module.py");
    }

    @Test
    void anyOtherFileIsKeptUnderItsOwnName() throws IOException {
        Path jar = Files.write(dir.resolve("up"), bytes("PK-not-extracted"));

        CodeArchive.Extracted extracted = extract(jar, "C:\\work\\target\\app-1.0.jar", MB, 100);

        assertThat(extracted.files()).containsExactly("app-1.0.jar");
        assertThat(extracted.single()).isTrue();
        assertThat(dir.resolve("code/app-1.0.jar")).hasContent("PK-not-extracted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.sh", "a/../../evil.sh", "/etc/cron.d/evil", "..\\evil.bat", "C:/evil.bat",
            "ok/../evil.sh"})
    void zipSlipIsRefusedAndNothingEscapes(String name) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("fine.txt", bytes("fine"));
        entries.put(name, bytes("evil"));
        Path zip = Archives.zip(dir.resolve("up"), entries);

        assertThatThrownBy(() -> extract(zip, "slip.zip", MB, 100))
                .isInstanceOfSatisfying(UploadRefusedException.class, e -> {
                    assertThat(e.error()).isEqualTo(UploadError.ARCHIVE_ENTRY_UNSAFE);
                    assertThat(e.entry()).isEqualTo(name);
                    assertThat(e.getMessage()).contains(name);
                });
        assertThat(filesUnder(dir)).noneMatch(p -> p.getFileName().toString().startsWith("evil"));
    }

    @Test
    void tarSlipIsRefused() throws IOException {
        Path tgz = new Archives.Tar().file("../../evil.sh", bytes("evil")).gzip(dir.resolve("up"));

        assertThatThrownBy(() -> extract(tgz, "slip.tar.gz", MB, 100))
                .isInstanceOfSatisfying(UploadRefusedException.class, e -> {
                    assertThat(e.error()).isEqualTo(UploadError.ARCHIVE_ENTRY_UNSAFE);
                    assertThat(e.getMessage()).contains("'..'");
                });
        assertThat(filesUnder(dir)).noneMatch(p -> p.endsWith("evil.sh"));
    }

    @Test
    void linksInATarAreRefused() throws IOException {
        Path symlink = new Archives.Tar().link("passwd", '2', "/etc/passwd").gzip(dir.resolve("sym"));
        Path hardlink = new Archives.Tar().link("shadow", '1', "/etc/shadow").gzip(dir.resolve("hard"));

        assertThatThrownBy(() -> extract(symlink, "a.tgz", MB, 100)).hasMessageContaining("symbolic link")
                .extracting(e -> ((UploadRefusedException) e).error()).isEqualTo(UploadError.ARCHIVE_ENTRY_UNSAFE);
        assertThatThrownBy(() -> extract(hardlink, "b.tgz", MB, 100)).hasMessageContaining("hard link")
                .extracting(e -> ((UploadRefusedException) e).error()).isEqualTo(UploadError.ARCHIVE_ENTRY_UNSAFE);
    }

    @Test
    void aSymlinkInAZipIsRefused() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("main.py", bytes("x"));
        entries.put("passwd", bytes("/etc/passwd"));
        Path zip = Archives.zip(dir.resolve("up"), entries);
        Archives.markSymlink(zip, 1);

        assertThatThrownBy(() -> extract(zip, "links.zip", MB, 100))
                .isInstanceOfSatisfying(UploadRefusedException.class, e -> {
                    assertThat(e.error()).isEqualTo(UploadError.ARCHIVE_ENTRY_UNSAFE);
                    assertThat(e.entry()).isEqualTo("passwd");
                });
    }

    /** A zip bomb: a few KB that inflate to 8 MB, past a 1 MB limit; counted as written, not as declared. */
    @Test
    void theExtractedSizeLimitStopsAZipBomb() throws IOException {
        Path zip = Archives.zip(dir.resolve("up"), Map.of("zeros.bin", new byte[8 * (int) MB]));
        assertThat(Files.size(zip)).isLessThan(64 * 1024);

        assertThatThrownBy(() -> extract(zip, "bomb.zip", MB, 100))
                .isInstanceOfSatisfying(UploadRefusedException.class, e -> {
                    assertThat(e.error()).isEqualTo(UploadError.ARCHIVE_TOO_LARGE);
                    assertThat(e.getMessage()).contains("kindling.gateway.uploads.max-extracted-size");
                });
    }

    @Test
    void theExtractedSizeLimitCountsEveryFileOfATarGz() throws IOException {
        Path tgz = new Archives.Tar().file("a.bin", new byte[600 * 1024]).file("b.bin", new byte[600 * 1024])
                .gzip(dir.resolve("up"));

        assertThatThrownBy(() -> extract(tgz, "big.tgz", MB, 100))
                .extracting(e -> ((UploadRefusedException) e).error()).isEqualTo(UploadError.ARCHIVE_TOO_LARGE);
    }

    @Test
    void theSizeATarEntryDeclaresCountsBeforeItIsRead() throws IOException {
        // a folder that declares 8 MB: nothing of it is written, but reading through it is the work of a bomb (these
        // 8 MB of zeros gzip to a few KB; a terabyte would to a gigabyte)
        Path tgz = new Archives.Tar().folderDeclaring("docs/", (int) (8 * MB)).file("a.txt", new byte[10])
                .gzip(dir.resolve("up"));

        assertThatThrownBy(() -> extract(tgz, "bomb.tgz", MB, 100))
                .isInstanceOfSatisfying(UploadRefusedException.class, e -> {
                    assertThat(e.error()).isEqualTo(UploadError.ARCHIVE_TOO_LARGE);
                    assertThat(e.getMessage()).contains("declare").contains("'docs/'");
                });
        assertThat(Files.size(tgz)).as("the upload").isLessThan(64 * 1024);
    }

    @Test
    void theEntryLimitIsCheckedForZipAndTar() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Archives.Tar tar = new Archives.Tar();
        for (int i = 0; i < 11; i++) {
            entries.put("f" + i + ".txt", bytes("x"));
            tar.file("f" + i + ".txt", bytes("x"));
        }
        Path zip = Archives.zip(dir.resolve("up.zip"), entries);
        Path tgz = tar.gzip(dir.resolve("up.tgz"));

        assertThatThrownBy(() -> extract(zip, "many.zip", MB, 10))
                .isInstanceOfSatisfying(UploadRefusedException.class, e -> {
                    assertThat(e.error()).isEqualTo(UploadError.ARCHIVE_TOO_MANY_ENTRIES);
                    assertThat(e.getMessage()).contains("kindling.gateway.uploads.max-entries");
                });
        assertThat(filesUnder(dir.resolve("code"))).isEmpty();
        assertThatThrownBy(() -> extract(tgz, "many.tgz", MB, 10))
                .extracting(e -> ((UploadRefusedException) e).error()).isEqualTo(UploadError.ARCHIVE_TOO_MANY_ENTRIES);
        assertThat(extract(tgz, "many.tgz", MB, 11, "again").files()).hasSize(11);
    }

    @Test
    void anEntryTwiceIsMalformed() throws IOException {
        Path tgz = new Archives.Tar().file("a.py", bytes("1")).file("a.py", bytes("2")).gzip(dir.resolve("up"));

        assertThatThrownBy(() -> extract(tgz, "twice.tgz", MB, 100))
                .extracting(e -> ((UploadRefusedException) e).error()).isEqualTo(UploadError.ARCHIVE_MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"code.zip", "code.tar.gz", "code.tar"})
    void somethingElseUnderAnArchiveNameIsMalformed(String name) throws IOException {
        Path file = Files.write(dir.resolve("up"), bytes("this is not an archive, just text that is long enough ".repeat(20)));

        assertThatThrownBy(() -> extract(file, name, MB, 100))
                .extracting(e -> ((UploadRefusedException) e).error()).isEqualTo(UploadError.ARCHIVE_MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", ".hidden", "..", "has space.jar", "semi;colon.py"})
    void aFileNameThatIsNotPlainIsRefused(String name) throws IOException {
        Path file = Files.write(dir.resolve("up"), bytes("x"));

        assertThatThrownBy(() -> extract(file, name, MB, 100))
                .extracting(e -> ((UploadRefusedException) e).error()).isEqualTo(UploadError.INVALID_UPLOAD);
    }

    private CodeArchive.Extracted extract(Path upload, String name, long maxBytes, int maxEntries) throws IOException {
        return extract(upload, name, maxBytes, maxEntries, "code");
    }

    private CodeArchive.Extracted extract(Path upload, String name, long maxBytes, int maxEntries, String folder)
            throws IOException {
        return CodeArchive.extract(upload, name, Files.createDirectories(dir.resolve(folder)), maxBytes, maxEntries);
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
