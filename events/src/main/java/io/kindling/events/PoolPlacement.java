package io.kindling.events;

import java.util.List;
import java.util.Map;

/**
 * What an application placed on an attached pool gets from the pool.
 *
 * @param name the pool
 * @param conf Spark conf every application there gets (the session's or job's own conf wins)
 * @param jars libraries every application there gets
 */
public record PoolPlacement(String name, Map<String, String> conf, List<String> jars) {

    public PoolPlacement {
        conf = conf == null ? Map.of() : Map.copyOf(conf);
        jars = jars == null ? List.of() : List.copyOf(jars);
    }
}
