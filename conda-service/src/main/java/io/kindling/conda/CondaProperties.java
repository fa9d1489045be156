package io.kindling.conda;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How conda-service builds session environments.
 *
 * @param installTimeout      the hard limit on one build (install and pack); past it the whole process tree is
 *                            killed and the session fails with {@code INSTALL_TIMEOUT}
 * @param builder             {@code auto} (a conda CLI when one is on PATH, else venv), {@code conda} or {@code venv}
 * @param condaCommand        the conda-compatible CLI for the conda builder; empty means the first of micromamba,
 *                            mamba, conda found on PATH
 * @param workDir             where builds happen and their logs are kept
 * @param cacheDir            the local archive cache ({@code spark.hadoop.aml.enable_cache=true})
 * @param maxConcurrentBuilds builds run at the same time; more wait in REQUESTED
 * @param venv                the venv builder's package sources
 * @param allowSourceBuilds   whether pip may build source distributions: building one runs its {@code setup.py}
 *                            (a user's code) on the conda-service host, so by default pip installs wheels only
 *                            ({@code --only-binary=:all:}) and a package without one fails the build, saying so
 * @param egressHosts         where user code is isolated, a build reaches the package sources it is configured
 *                            with and those specs may name; these {@code host:port} too (a mirror's file host)
 */
@Validated
@ConfigurationProperties("kindling.conda")
public record CondaProperties(@NotNull @DefaultValue("15m") Duration installTimeout,
                              @NotNull @DefaultValue("auto") String builder,
                              @DefaultValue("") String condaCommand,
                              @NotNull Path workDir,
                              @NotNull Path cacheDir,
                              @Min(1) @DefaultValue("2") int maxConcurrentBuilds,
                              @NotNull @DefaultValue Venv venv,
                              @DefaultValue("false") boolean allowSourceBuilds,
                              @NotNull @DefaultValue List<String> egressHosts) {

    /**
     * @param indexUrl  the package index pip uses; empty means pip's own default
     * @param findLinks local wheelhouses (directories) or URLs pip also looks in; with no index URL set and
     *                  find-links given, pip runs with {@code --no-index}, from those alone
     */
    public record Venv(@DefaultValue("") String indexUrl, @DefaultValue List<String> findLinks) {
    }
}
