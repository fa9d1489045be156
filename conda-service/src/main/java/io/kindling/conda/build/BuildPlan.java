package io.kindling.conda.build;

import io.kindling.conda.spec.CondaSpec;
import io.kindling.conda.spec.Requirement;
import java.util.List;

/**
 * What one build installs.
 *
 * @param spec          the spec as parsed
 * @param python        the runtime's Python release
 * @param install       the requirements to install: the spec's, minus those the base already satisfies
 * @param skipped       the requirements the base satisfies, each with the reason
 */
public record BuildPlan(CondaSpec spec, String python, List<Requirement> install, List<Skipped> skipped) {

    /** A requirement not installed because the runtime or its base already has it. */
    public record Skipped(String entry, String requirement, String satisfiedBy) {
    }

    public List<Requirement> condaInstalls() {
        return install.stream().filter(r -> r.source() == Requirement.Source.CONDA).toList();
    }

    public List<Requirement> pipInstalls() {
        return install.stream().filter(r -> r.source() == Requirement.Source.PIP).toList();
    }
}
