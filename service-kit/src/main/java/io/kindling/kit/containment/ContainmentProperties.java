package io.kindling.kit.containment;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the processes that run user code are kept from the control plane (see {@link Containment}).
 *
 * @param mode            {@code isolated} (refuse to start where the host cannot isolate), {@code auto} (isolate where
 *                        the host can; the default) or {@code single-user} (never isolate)
 * @param multiUser       whether more than one person uses this install: then it refuses to run user code unisolated
 *                        unless {@code allowUnisolated} says so by name
 * @param allowUnisolated the operator's opt-out: a multi-user install that cannot isolate runs anyway
 * @param network         the IPv4 block clusters' networks are cut from, a /30 each ({@code 10.213.0.0/16}: 16,384)
 * @param uidBase         the first of the OS users clusters run as (one per cluster, {@code uidBase + index})
 * @param allowUncontainedPoolDrivers the operator's opt-out for attached pools whose network Kindling does not
 *                        manage: isolated, a session's driver on such a pool (it runs on Kindling's host, and needs
 *                        the pool's network) is refused unless this says so by name; it then runs uncontained
 */
@Validated
@ConfigurationProperties("kindling.containment")
public record ContainmentProperties(@NotNull @DefaultValue("auto") Mode mode,
                                    @DefaultValue("false") boolean multiUser,
                                    @DefaultValue("false") boolean allowUnisolated,
                                    @NotNull @Pattern(regexp = "\\d{1,3}\\.\\d{1,3}\\.0\\.0/16",
                                            message = "must be an IPv4 /16 such as 10.213.0.0/16")
                                    @DefaultValue("10.213.0.0/16") String network,
                                    @Min(1000) @Max(2_000_000_000L) @DefaultValue("611000") long uidBase,
                                    @DefaultValue("false") boolean allowUncontainedPoolDrivers) {

    /** What the operator asked for. */
    public enum Mode { ISOLATED, AUTO, SINGLE_USER }
}
