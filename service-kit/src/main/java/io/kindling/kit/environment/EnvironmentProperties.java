package io.kindling.kit.environment;

import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What session environments are built on and where they may download from. The gateway checks specs against
 * it before accepting a session, conda-service again before building; both must see the same values.
 *
 * @param python           the Python interpreter environments are built on (its release is the runtime's
 *                         Python: a spec may not change it)
 * @param networkIsolation whether the workspace has network isolation on: then only the allowlisted channels
 *                         and indexes may appear in a spec
 * @param allowedChannels  conda channels allowed under network isolation
 * @param allowedIndexes   URL prefixes of package indexes and find-links locations allowed under network isolation
 */
@Validated
@ConfigurationProperties("kindling.environments")
public record EnvironmentProperties(@NotBlank @DefaultValue("python3") String python,
                                    @DefaultValue("false") boolean networkIsolation,
                                    @DefaultValue List<String> allowedChannels,
                                    @DefaultValue List<String> allowedIndexes) {
}
