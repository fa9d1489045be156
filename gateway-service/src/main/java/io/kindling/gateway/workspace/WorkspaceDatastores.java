package io.kindling.gateway.workspace;

import io.kindling.job.spec.JobSpecContext;
import io.kindling.kit.job.JobSpecContexts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The datastores a workspace's jobs may name: the install's and its own. */
@Component
public class WorkspaceDatastores {

    private final Workspaces workspaces;
    private final JobSpecContexts contexts;

    WorkspaceDatastores(Workspaces workspaces, JobSpecContexts contexts) {
        this.workspaces = workspaces;
        this.contexts = contexts;
    }

    List<Datastore> of(String workspace) {
        List<Datastore> all = new ArrayList<>();
        contexts.datastores(workspace).forEach((name, path) -> all.add(new Datastore(name, path, null, true)));
        all.addAll(workspaces.datastores(workspace));
        return all;
    }

    /** The workspace's own datastores (the install's are in every context already): name to directory. */
    public Map<String, Path> own(String workspace) {
        Map<String, Path> own = new LinkedHashMap<>();
        workspaces.datastores(workspace).forEach(d -> own.put(d.name(), d.path()));
        return own;
    }

    /** What a job of {@code workspace} is checked against. */
    public JobSpecContext context(String workspace) {
        return contexts.current(workspace).withDatastores(own(workspace));
    }

    boolean installHas(String name) {
        return contexts.datastores().containsKey(name);
    }
}
