package io.kindling.conda.build;

import io.kindling.conda.spec.CondaSpec;
import io.kindling.conda.spec.Requirement;
import io.kindling.conda.spec.RuntimeComponents;
import io.kindling.kit.runtime.RuntimePython;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what a build installs: each requirement the runtime (its fixed components) or the builder's base
 * already satisfies is skipped and reported, the rest is installed.
 */
public final class BuildPlanner {

    private BuildPlanner() {
    }

    /**
     * @param base          what the builder's base has ({@link EnvironmentBuilder#baseManifest})
     * @param runtimePython the runtime's Python side, if any: environments are built on it
     */
    public static BuildPlan plan(CondaSpec spec, RuntimeComponents runtime, Map<String, String> base,
                                 Optional<RuntimePython> runtimePython) {
        Map<String, Requirement> fixed = runtime.check(spec);
        Map<String, String> runtimeManifest = runtime.asManifest();
        List<Requirement> install = new ArrayList<>();
        List<BuildPlan.Skipped> skipped = new ArrayList<>();
        for (Requirement r : spec.requirements()) {
            if (fixed.containsKey(r.entry())) {
                skipped.add(new BuildPlan.Skipped(r.entry(), r.text(), "the runtime has " + r.name() + " "
                        + runtimeManifest.get(r.name())));
            } else if (r.url() == null && base.containsKey(r.name()) && r.constraint().satisfiedBy(base.get(r.name()))) {
                skipped.add(new BuildPlan.Skipped(r.entry(), r.text(), "the base has " + r.name() + " "
                        + base.get(r.name())));
            } else {
                install.add(r);
            }
        }
        return new BuildPlan(spec, runtime.python(), install, skipped, runtimePython);
    }
}
