package io.kindling.kit.runtime;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the Spark runtimes of this install live.
 *
 * @param root             a directory holding one {@code spark-<version>/} directory per runtime, each with
 *                         {@code jars/} (built by the {@code spark-runtime} module)
 * @param defaultVersion   the runtime a session gets when it names none
 * @param classDataSharing whether Spark JVMs use class-data sharing archives (trained by the first process of
 *                         each role, then reused: about half the start-up time)
 * @param classDataDir     where those archives are kept
 * @param support          each runtime's support dates, as the operator announces them ({@link RuntimeSupport}): a
 *                         runtime listed nowhere has no announced end of support
 */
@Validated
@ConfigurationProperties("kindling.runtime")
public record RuntimeProperties(@NotNull @DefaultValue("spark-runtime/target") Path root,
                                @NotNull @DefaultValue("4.2") String defaultVersion,
                                @DefaultValue("true") boolean classDataSharing,
                                @NotNull Path classDataDir,
                                List<@Valid SupportDates> support) {

    @ConstructorBinding
    public RuntimeProperties {
        support = support == null ? List.of() : List.copyOf(support);
        if (support.stream().map(SupportDates::version).distinct().count() < support.size()) {
            throw new IllegalArgumentException("kindling.runtime.support names a runtime version twice");
        }
    }

    /** The runtimes of this install with no announced end of support. */
    public RuntimeProperties(Path root, String defaultVersion, boolean classDataSharing, Path classDataDir) {
        this(root, defaultVersion, classDataSharing, classDataDir, List.of());
    }

    /**
     * One runtime's support dates (UTC days).
     *
     * @param version      the runtime version ({@code 3.5})
     * @param announced    when its end of support was announced: from then on it is deprecated (it still runs, and
     *                     every answer about it says when it stops); none: deprecated as soon as an end is set
     * @param endOfSupport its last supported day: after it, sessions and jobs on it are refused
     */
    public record SupportDates(@NotNull @jakarta.validation.constraints.Pattern(regexp = "\\d+\\.\\d+") String version,
                               LocalDate announced, LocalDate endOfSupport) {

        public SupportDates {
            if (announced != null && endOfSupport != null && announced.isAfter(endOfSupport)) {
                throw new IllegalArgumentException("runtime " + version + ": the end of support (" + endOfSupport
                        + ") is before its announcement (" + announced + ")");
            }
        }
    }
}
