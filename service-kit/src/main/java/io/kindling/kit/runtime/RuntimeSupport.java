package io.kindling.kit.runtime;

import io.kindling.kit.runtime.RuntimeProperties.SupportDates;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where each runtime stands in its support, today (UTC): supported; deprecated, once its end of support is announced
 * (it runs, and says when it stops); retired, after its last supported day (sessions and jobs on it are refused,
 * naming the day and the runtimes that are supported). The dates are the operator's ({@code kindling.runtime.support}).
 */
public class RuntimeSupport {

    /** Where a runtime stands. */
    public enum State { SUPPORTED, DEPRECATED, RETIRED }

    /** One runtime's standing today, with its dates (either may be absent). */
    public record Status(String version, State state, LocalDate announced, LocalDate endOfSupport) {
    }

    private final RuntimeCatalog catalog;
    private final Map<String, SupportDates> dates;
    private final Clock clock;

    public RuntimeSupport(RuntimeCatalog catalog, RuntimeProperties props, Clock clock) {
        this.catalog = catalog;
        this.dates = props.support().stream().collect(Collectors.toUnmodifiableMap(SupportDates::version,
                Function.identity()));
        this.clock = clock;
    }

    /** Where runtime {@code version} stands today. */
    public Status status(String version) {
        SupportDates d = dates.get(version);
        if (d == null || d.endOfSupport() == null && d.announced() == null) {
            return new Status(version, State.SUPPORTED, null, null);
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        State state;
        if (d.endOfSupport() != null && today.isAfter(d.endOfSupport())) {
            state = State.RETIRED;
        } else if (d.announced() == null || !today.isBefore(d.announced())) {
            state = State.DEPRECATED;
        } else {
            state = State.SUPPORTED;
        }
        return new Status(version, state, d.announced(), d.endOfSupport());
    }

    /** The installed runtimes not retired, newest first. */
    public List<String> supported() {
        return catalog.installed().stream().map(SparkRuntime::version)
                .filter(v -> status(v).state() != State.RETIRED).toList();
    }

    /** Why a session or job on {@code version} is refused, if it is retired. */
    public Optional<String> refusal(String version) {
        Status status = status(version);
        if (status.state() != State.RETIRED) {
            return Optional.empty();
        }
        return Optional.of("runtime " + version + " reached its end of support on " + status.endOfSupport()
                + " and runs no more sessions or jobs; supported runtimes: " + supported());
    }

    /** What a session or job on {@code version} is told, if it is deprecated. */
    public Optional<String> warning(String version) {
        Status status = status(version);
        if (status.state() != State.DEPRECATED) {
            return Optional.empty();
        }
        return Optional.of("runtime " + version + " is deprecated: "
                + (status.endOfSupport() == null ? "its end of support is announced"
                        : "its support ends on " + status.endOfSupport() + ", after which it runs nothing")
                + "; supported runtimes: " + supported());
    }
}
