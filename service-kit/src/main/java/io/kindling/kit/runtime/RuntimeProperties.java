package io.kindling.kit.runtime;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
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
 */
@Validated
@ConfigurationProperties("kindling.runtime")
public record RuntimeProperties(@NotNull @DefaultValue("spark-runtime/target") Path root,
                                @NotNull @DefaultValue("4.2") String defaultVersion,
                                @DefaultValue("true") boolean classDataSharing,
                                @NotNull Path classDataDir) {
}
