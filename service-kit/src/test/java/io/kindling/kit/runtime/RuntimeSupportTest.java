package io.kindling.kit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindling.kit.runtime.RuntimeProperties.SupportDates;
import io.kindling.kit.runtime.RuntimeSupport.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeSupportTest {

    @TempDir
    Path root;

    private RuntimeSupport at(String instant, SupportDates... dates) throws IOException {
        for (String version : List.of("3.5", "4.1", "4.2")) {
            Path jars = Files.createDirectories(root.resolve("spark-" + version).resolve("jars"));
            Path jar = jars.resolve("spark-core_2.13-" + version + ".0.jar");
            if (!Files.exists(jar)) {
                Files.createFile(jar);
            }
        }
        RuntimeProperties props = new RuntimeProperties(root, "4.2", false, root.resolve("cds"), List.of(dates));
        return new RuntimeSupport(new RuntimeCatalog(props), props, Clock.fixed(Instant.parse(instant),
                ZoneOffset.UTC));
    }

    @Test
    void aRuntimeIsDeprecatedFromItsAnnouncementAndRetiredAfterItsLastDay() throws IOException {
        SupportDates dates = new SupportDates("3.5", LocalDate.of(2026, 10, 1), LocalDate.of(2027, 3, 31));

        assertThat(at("2026-09-30T23:59:59Z", dates).status("3.5").state()).isEqualTo(State.SUPPORTED);
        assertThat(at("2026-10-01T00:00:00Z", dates).status("3.5").state()).isEqualTo(State.DEPRECATED);
        assertThat(at("2027-03-31T23:59:59Z", dates).status("3.5").state()).as("its last day")
                .isEqualTo(State.DEPRECATED);
        assertThat(at("2027-04-01T00:00:00Z", dates).status("3.5").state()).isEqualTo(State.RETIRED);
        // a runtime with no dates is supported, whenever
        assertThat(at("2099-01-01T00:00:00Z", dates).status("4.2").state()).isEqualTo(State.SUPPORTED);
    }

    @Test
    void anEndWithoutAnAnnouncementDeprecatesAtOnce() throws IOException {
        RuntimeSupport support = at("2026-12-08T12:00:00Z", new SupportDates("4.1", null, LocalDate.of(2027, 1, 31)));
        assertThat(support.status("4.1").state()).isEqualTo(State.DEPRECATED);
        assertThat(support.warning("4.1")).get().asString().contains("2027-01-31")
                .contains("supported runtimes: [4.2, 4.1, 3.5]");
        assertThat(support.refusal("4.1")).isEmpty();
    }

    @Test
    void aRetiredRuntimeIsRefusedNamingItsDayAndTheSupportedOnes() throws IOException {
        RuntimeSupport support = at("2026-12-08T12:00:00Z",
                new SupportDates("3.5", LocalDate.of(2026, 4, 1), LocalDate.of(2026, 9, 30)),
                new SupportDates("4.1", LocalDate.of(2026, 11, 1), LocalDate.of(2027, 3, 31)));

        assertThat(support.supported()).containsExactly("4.2", "4.1");
        assertThat(support.refusal("3.5")).get().asString().contains("3.5").contains("2026-09-30")
                .contains("supported runtimes: [4.2, 4.1]");
        assertThat(support.warning("3.5")).as("retired, not deprecated").isEmpty();
        assertThat(support.refusal("4.1")).isEmpty();
        assertThat(support.refusal("4.2")).isEmpty();
        assertThat(support.warning("4.2")).isEmpty();
    }

    @Test
    void datesThatContradictThemselvesOrNameARuntimeTwiceAreRefusedAtStart() {
        assertThatThrownBy(() -> new SupportDates("3.5", LocalDate.of(2027, 1, 1), LocalDate.of(2026, 1, 1)))
                .hasMessageContaining("before its announcement");
        assertThatThrownBy(() -> new RuntimeProperties(root, "4.2", false, root, List.of(
                new SupportDates("3.5", null, LocalDate.of(2027, 1, 1)),
                new SupportDates("3.5", null, LocalDate.of(2027, 2, 1))))).hasMessageContaining("twice");
    }
}
