package io.kindling.conda.spec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a conda environment YAML ({@code name}, {@code channels}, {@code dependencies} with a nested {@code pip:}
 * list). Strict: an unknown key, an entry that is not a package, or an option that would read files outside the
 * spec is refused with the entry named.
 */
public final class CondaSpecParser {

    /** Largest spec accepted, in bytes. */
    public static final int MAX_BYTES = 64 * 1024;
    static final Set<String> KEYS = Set.of("name", "channels", "dependencies");
    private static final Pattern CONDA = Pattern.compile(
            "(?:([A-Za-z0-9][A-Za-z0-9_.\\-/:]*)::)?([A-Za-z0-9][A-Za-z0-9_.\\-]*)\\s*(.*)");
    private static final Pattern PIP = Pattern.compile(
            "([A-Za-z0-9][A-Za-z0-9._\\-]*)\\s*(\\[[A-Za-z0-9,._\\-\\s]*])?\\s*([^;]*?)\\s*(;.*)?");
    private static final Pattern OPTION = Pattern.compile("(--?[a-z\\-]+)(?:[=\\s]\\s*(\\S+))?");
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-/:]*");

    private CondaSpecParser() {
    }

    /** @throws InvalidSpecException naming the entry at fault */
    public static CondaSpec parse(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            throw new InvalidSpecException("MALFORMED_YAML", "conda", "the conda spec is empty");
        }
        if (yaml.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidSpecException("MALFORMED_YAML", "conda", "the conda spec is larger than "
                    + MAX_BYTES / 1024 + " KiB");
        }
        Object root = load(yaml);
        if (!(root instanceof Map<?, ?> map)) {
            throw new InvalidSpecException("MALFORMED_YAML", "conda",
                    "the conda spec must be a YAML mapping with name, channels and dependencies");
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String k) || !KEYS.contains(k)) {
                throw new InvalidSpecException("UNKNOWN_KEY", String.valueOf(key), "unknown key '" + key
                        + "' in the conda spec; known keys: channels, dependencies, name");
            }
        }
        String name = map.get("name") == null ? null : scalar(map.get("name"), "name");
        List<String> channels = new ArrayList<>();
        List<?> channelList = list(map.get("channels"), "channels");
        for (int i = 0; i < channelList.size(); i++) {
            String entry = "channels[" + i + "]";
            String channel = scalar(channelList.get(i), entry);
            if (!CHANNEL.matcher(channel).matches()) {
                throw new InvalidSpecException("INVALID_ENTRY", entry, entry + " '" + channel
                        + "' is not a channel name or URL");
            }
            channels.add(channel);
        }
        List<Requirement> conda = new ArrayList<>();
        List<Requirement> pip = new ArrayList<>();
        List<PipOption> options = new ArrayList<>();
        List<?> dependencies = list(map.get("dependencies"), "dependencies");
        boolean pipSeen = false;
        for (int i = 0; i < dependencies.size(); i++) {
            String entry = "dependencies[" + i + "]";
            Object dependency = dependencies.get(i);
            if (dependency instanceof Map<?, ?> nested) {
                if (nested.size() != 1 || !"pip".equals(nested.keySet().iterator().next())) {
                    throw new InvalidSpecException("UNKNOWN_KEY", entry, entry
                            + " is a mapping; the only mapping allowed in dependencies is 'pip:' with a list");
                }
                if (pipSeen) {
                    throw new InvalidSpecException("INVALID_ENTRY", entry, entry + ": 'pip:' appears twice");
                }
                pipSeen = true;
                List<?> pipEntries = list(nested.get("pip"), entry + ".pip");
                for (int j = 0; j < pipEntries.size(); j++) {
                    String pipEntry = entry + ".pip[" + j + "]";
                    String text = scalar(pipEntries.get(j), pipEntry);
                    if (text.startsWith("-")) {
                        options.add(option(text, pipEntry));
                    } else {
                        pip.add(pip(text, pipEntry));
                    }
                }
            } else {
                conda.add(conda(scalar(dependency, entry), entry));
            }
        }
        return new CondaSpec(name, channels, conda, pip, options);
    }

    private static Object load(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(MAX_BYTES);
        try {
            return new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (YAMLException e) {
            String detail = e.getMessage() == null ? e.toString() : e.getMessage().strip();
            throw new InvalidSpecException("MALFORMED_YAML", "conda", "the conda spec is not valid YAML: "
                    + detail.lines().limit(6).reduce((a, b) -> a + " " + b.strip()).orElse(detail));
        }
    }

    static Requirement conda(String text, String entry) {
        Matcher m = CONDA.matcher(text);
        if (!m.matches()) {
            throw notAPackage(entry, text, "a conda package spec such as 'numpy=1.26' or 'conda-forge::numpy'");
        }
        String rest = m.group(3).strip();
        String version = rest;
        String build = null;
        String[] words = rest.split("\\s+");
        if (words.length > 2) {
            throw notAPackage(entry, text, "a conda package spec ('name version build' at most)");
        }
        if (words.length == 2) {
            version = words[0];
            build = words[1];
        } else if (rest.matches("=[^=<>!~,|]+=[^=]+")) {
            int second = rest.indexOf('=', 1);
            version = rest.substring(0, second);
            build = rest.substring(second + 1);
        }
        String spec = version;
        VersionConstraint constraint = VersionConstraint.parse(spec, VersionConstraint.Dialect.CONDA)
                .orElseThrow(() -> notAPackage(entry, text, "a conda version constraint such as '=1.26' or '>=1.2,<2'"));
        String name = Requirement.normalize(m.group(2));
        String channel = m.group(1);
        String canonical = (channel == null ? "" : channel + "::") + name + constraint.toString().replace(" ", "")
                + (build == null ? "" : "=" + build);
        return new Requirement(Requirement.Source.CONDA, entry, text, name, channel, constraint, null, canonical);
    }

    static Requirement pip(String text, String entry) {
        Matcher m = PIP.matcher(text.strip());
        if (!m.matches()) {
            throw notAPackage(entry, text, "a pip requirement such as 'requests==2.32.3'");
        }
        String name = Requirement.normalize(m.group(1));
        String extras = m.group(2) == null ? "" : m.group(2).replace(" ", "");
        String rest = m.group(3).strip();
        String markers = m.group(4) == null ? "" : m.group(4).strip();
        if (rest.startsWith("@")) {
            String url = rest.substring(1).strip();
            if (!url.matches("[a-z+]+://\\S+")) {
                throw notAPackage(entry, text, "a direct reference 'name @ https://...'");
            }
            return new Requirement(Requirement.Source.PIP, entry, text, name, null, VersionConstraint.any(), url,
                    name + extras + " @ " + url + markers);
        }
        VersionConstraint constraint = VersionConstraint.parse(rest, VersionConstraint.Dialect.PIP)
                .orElseThrow(() -> notAPackage(entry, text, "a pip requirement such as 'requests==2.32.3' or 'numpy>=1.26,<2'"));
        return new Requirement(Requirement.Source.PIP, entry, text, name, null, constraint, null,
                name + extras + constraint.toString().replace(" ", "") + markers);
    }

    static PipOption option(String text, String entry) {
        Matcher m = OPTION.matcher(text.strip());
        if (!m.matches()) {
            throw new InvalidSpecException("INVALID_ENTRY", entry, entry + " '" + text + "' is not a pip option");
        }
        String flag = switch (m.group(1)) {
            case "-i", "--index-url" -> "index-url";
            case "--extra-index-url" -> "extra-index-url";
            case "-f", "--find-links" -> "find-links";
            case "--no-index" -> "no-index";
            case "--pre" -> "pre";
            case "-r", "--requirement", "-c", "--constraint", "-e", "--editable" -> throw new InvalidSpecException(
                    "INVALID_ENTRY", entry, entry + " '" + text + "' refers to files outside the spec; list the "
                    + "packages in the spec itself");
            default -> throw new InvalidSpecException("INVALID_ENTRY", entry, entry + ": pip option " + m.group(1)
                    + " is not supported; supported: --index-url, --extra-index-url, --find-links, --no-index, --pre");
        };
        boolean takesValue = !flag.equals("no-index") && !flag.equals("pre");
        if (takesValue != (m.group(2) != null)) {
            throw new InvalidSpecException("INVALID_ENTRY", entry, entry + ": --" + flag
                    + (takesValue ? " needs a URL or path" : " takes no value"));
        }
        return new PipOption(flag, m.group(2), entry);
    }

    private static String scalar(Object value, String entry) {
        if (value instanceof String s && !s.isBlank()) {
            return s.strip();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new InvalidSpecException("INVALID_ENTRY", entry, entry + " must be a non-empty string, was "
                + (value == null ? "empty" : describe(value)));
    }

    private static List<?> list(Object value, String entry) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return l;
        }
        throw new InvalidSpecException("INVALID_ENTRY", entry, entry + " must be a list, was " + describe(value));
    }

    private static String describe(Object value) {
        return value instanceof Map ? "a mapping" : value instanceof List ? "a list" : "'" + value + "'";
    }

    private static InvalidSpecException notAPackage(String entry, String text, String expected) {
        return new InvalidSpecException("INVALID_ENTRY", entry, entry + " '" + text + "' is not " + expected);
    }
}
