package io.kindling.conda.build;

import io.kindling.conda.spec.CondaSpec;
import io.kindling.conda.spec.Requirement;
import io.kindling.kit.runtime.RuntimePython;
import java.util.List;
import java.util.Optional;

/**
 * What one build installs.
 *
 * @param spec          the spec as parsed
 * @param python        the runtime's Python release
 * @param install       the requirements to install: the spec's, minus those the base already satisfies
 * @param skipped       the requirements the base satisfies, each with the reason
 * @param runtimePython the runtime's Python side, which the environment is built on and sees, if it has one
 */
public record BuildPlan(CondaSpec spec, String python, List<Requirement> install, List<Skipped> skipped,
                        Optional<RuntimePython> runtimePython) {

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
