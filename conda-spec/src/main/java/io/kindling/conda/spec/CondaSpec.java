package io.kindling.conda.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A conda environment YAML after parsing: what to install and from where. Build it with {@link
 * CondaSpecParser}.
 *
 * @param name       the {@code name:} given, or {@code null}; it does not change what is installed
 * @param channels   conda channels in priority order
 * @param conda      the conda dependencies
 * @param pip        the entries of the nested {@code pip:} list that are packages
 * @param pipOptions the option lines of that list (indexes, find-links)
 */
public record CondaSpec(String name, List<String> channels, List<Requirement> conda, List<Requirement> pip,
                        List<PipOption> pipOptions) {

    public CondaSpec {
        channels = List.copyOf(channels);
        conda = List.copyOf(conda);
        pip = List.copyOf(pip);
        pipOptions = List.copyOf(pipOptions);
    }

    /** Every requirement, conda ones first. */
    public List<Requirement> requirements() {
        return Stream.concat(conda.stream(), pip.stream()).toList();
    }

    /**
     * The spec in a canonical text form, the same for every way of writing the same content: the name left
     * out, channels and pip options in their (meaningful) order, requirements sorted.
     */
    public String normalized() {
        StringBuilder text = new StringBuilder("channels:\n");
        channels.forEach(c -> text.append("  - ").append(c).append('\n'));
        text.append("dependencies:\n");
        sorted(conda).forEach(r -> text.append("  - ").append(r).append('\n'));
        text.append("pip-options:\n");
        pipOptions.forEach(o -> text.append("  - ").append(String.join(" ", o.arguments())).append('\n'));
        text.append("pip:\n");
        sorted(pip).forEach(r -> text.append("  - ").append(r).append('\n'));
        return text.toString();
    }

    private static List<String> sorted(List<Requirement> requirements) {
        List<String> lines = new ArrayList<>();
        for (Requirement r : requirements) {
            lines.add(r.canonical());
        }
        lines.sort(null);
        return lines;
    }
}
