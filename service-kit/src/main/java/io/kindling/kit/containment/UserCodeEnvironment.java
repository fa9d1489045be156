package io.kindling.kit.containment;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The environment of a process that runs user code (a Spark daemon, driver, executor or Python worker, a pip
 * build): it starts from nothing and gets only a shell's basics from the service's own environment, never what the
 * services were configured with ({@code DATABASE_PASSWORD}, {@code KAFKA_*}, tokens, cloud credentials), which user
 * code would read as easily as its own variables. The launcher then adds what the process needs.
 */
public final class UserCodeEnvironment {

    /**
     * Passed through: where programs and Java are, the locale and time zone, and two tags (names, not secrets) by
     * which what a run started is found again: {@code KINDLING_TEST_RUN} ({@code bin/check-leaks}) and
     * {@code KINDLING_RUN} (a Kindling started as a process, {@code KindlingProcess}).
     */
    public static final Set<String> PASSED = Set.of("PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ",
            "JAVA_HOME", "KINDLING_TEST_RUN", "KINDLING_RUN");

    private UserCodeEnvironment() {
    }

    /**
     * Keeps only {@link #PASSED} in {@code env} (a {@code ProcessBuilder}'s) and points {@code HOME} and
     * {@code TMPDIR} at {@code home}, the process's own directory, so that caches and temp files stay with it.
     */
    public static void scrub(Map<String, String> env, Path home) {
        env.keySet().retainAll(PASSED);
        env.put("HOME", home.toAbsolutePath().toString());
        env.put("TMPDIR", home.toAbsolutePath().toString());
    }
}
