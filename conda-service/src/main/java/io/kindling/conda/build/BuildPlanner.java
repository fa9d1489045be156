package io.kindling.conda.build;

import io.kindling.conda.spec.CondaSpec;
import io.kindling.conda.spec.Requirement;
import io.kindling.conda.spec.RuntimeComponents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides what a build installs: each requirement the runtime (its fixed components) or the builder's base
 * already satisfies is skipped and reported, the rest is installed.
 */
public final class BuildPlanner {

    private BuildPlanner() {
    }

    public static BuildPlan plan(CondaSpec spec, RuntimeComponents runtime, Map<String, String> base) {
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
        return new BuildPlan(spec, runtime.python(), install, skipped);
    }
}
