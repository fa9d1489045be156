package io.kindling.job.spec;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an Azure ML CLI v2 spark job spec, YAML or its JSON form. Strict about structure: an unknown key at any
 * level, a value of the wrong shape, a missing required field, a duplicate in {@code jars}, {@code files},
 * {@code archives} or {@code py_files}, and {@code compute} together with {@code resources} are refused with the
 * field named. What needs the workspace (runtimes, instance types, datastores) is {@link JobSpecValidator}'s.
 */
public final class JobSpecParser {

    static final Set<String> KEYS = Set.of("$schema", "type", "name", "display_name", "experiment_name",
            "description", "tags", "code", "entry", "jars", "files", "archives", "py_files", "conf", "args", "inputs",
            "outputs", "resources", "compute", "identity", "environment");
    private static final Set<String> DATA_KEYS = Set.of("type", "path", "mode");
    private static final Set<String> MANAGED_KEYS = Set.of("type", "client_id", "object_id", "msi_resource_id");
    private static final String ENTRY = "give class_name (a JVM main class) or file (a Python script)";
    /** Input and output names, as {@code ${{inputs.name}}} can refer to them. */
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private JobSpecParser() {
    }

    /** @throws InvalidJobSpecException naming the field at fault */
    public static JobSpec parse(String text) {
        SpecNode root = SpecNode.root(SpecLoader.load(text)).allowOnly(KEYS);
        String type = root.requireString("type", "a spark job spec says type: spark");
        if (!type.equalsIgnoreCase("spark")) {
            throw SpecNode.invalid("type", "must be 'spark' (this reads Azure ML spark jobs only)", type);
        }
        JobResources resources = resources(root.node("resources"));
        String compute = root.string("compute");
        if (resources != null && compute != null) {
            throw new InvalidJobSpecException(JobSpecError.CONFLICTING_FIELDS, "compute", "compute and resources "
                    + "are both set; give compute for an attached Spark pool or resources for serverless Spark");
        }
        if (resources == null && compute == null) {
            throw SpecNode.missing("resources", "give resources (instance_type, runtime_version) for serverless "
                    + "Spark or compute for an attached Spark pool");
        }
        Map<String, DataBinding> inputs = new LinkedHashMap<>();
        Map<String, String> literals = new LinkedHashMap<>();
        SpecNode inputNode = root.node("inputs");
        if (inputNode != null) {
            for (String name : inputNode.keys()) {
                Object value = checkName(inputNode, name).raw(name);
                if (value instanceof String literal) {
                    literals.put(name, literal.strip());
                } else if (value != null) {
                    inputs.put(name, binding(inputNode, name));
                }
            }
        }
        Map<String, DataBinding> outputs = new LinkedHashMap<>();
        SpecNode outputNode = root.node("outputs");
        if (outputNode != null) {
            for (String name : outputNode.keys()) {
                if (checkName(outputNode, name).raw(name) != null) {
                    outputs.put(name, binding(outputNode, name));
                }
            }
        }
        return new JobSpec(root.string("name"), root.string("display_name"), root.string("experiment_name"),
                root.string("description"), root.stringMap("tags"),
                root.requireString("code", "the folder (or artifact) holding the job's code"), entry(root),
                unique(root, "jars"), unique(root, "files"), unique(root, "archives"), unique(root, "py_files"),
                root.stringMap("conf"), root.string("args"), inputs, literals, outputs, resources, compute,
                identity(root.node("identity")), environment(root));
    }

    private static JobEntry entry(SpecNode root) {
        SpecNode entry = root.node("entry");
        if (entry == null) {
            throw SpecNode.missing("entry", ENTRY);
        }
        entry.allowOnly(Set.of("class_name", "file"));
        String className = entry.string("class_name");
        String file = entry.string("file");
        if (className != null && file != null) {
            throw new InvalidJobSpecException(JobSpecError.CONFLICTING_FIELDS, "entry", "entry has both "
                    + "class_name and file; give class_name for a JVM job or file for a Python job");
        }
        if (className == null && file == null) {
            throw SpecNode.missing("entry", ENTRY);
        }
        return className != null ? new JobEntry(JobEntry.Kind.CLASS_NAME, className)
                : new JobEntry(JobEntry.Kind.FILE, file);
    }

    private static List<String> unique(SpecNode root, String key) {
        List<String> entries = root.strings(key);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Integer first = seen.putIfAbsent(entries.get(i), i);
            if (first != null) {
                String field = key + "[" + i + "]";
                throw new InvalidJobSpecException(JobSpecError.DUPLICATE_ENTRY, field, field + " '" + entries.get(i)
                        + "' repeats " + key + "[" + first + "]; " + key + " must not contain duplicate entries");
            }
        }
        return entries;
    }

    private static SpecNode checkName(SpecNode parent, String name) {
        if (!NAME.matcher(name).matches()) {
            throw SpecNode.invalid(parent.field(name), "must be named with letters, digits and '_' (not starting "
                    + "with a digit), so ${{...}} in args can refer to it", name);
        }
        return parent;
    }

    private static DataBinding binding(SpecNode parent, String name) {
        SpecNode node = parent.node(name);
        node.allowOnly(DATA_KEYS);
        String typeText = node.string("type");
        DataBinding.Type type = DataBinding.Type.URI_FOLDER;
        if (typeText != null) {
            type = switch (typeText.toLowerCase(Locale.ROOT)) {
                case "uri_file" -> DataBinding.Type.URI_FILE;
                case "uri_folder" -> DataBinding.Type.URI_FOLDER;
                default -> throw SpecNode.invalid(node.field("type"), "must be uri_file or uri_folder for a spark "
                        + "job", typeText);
            };
        }
        String path = node.requireString("path", "where the data of " + parent.field(name) + " is");
        String mode = node.string("mode");
        return new DataBinding(name, type, path, mode == null ? DataBinding.DIRECT : mode);
    }

    private static JobResources resources(SpecNode node) {
        if (node == null) {
            return null;
        }
        node.allowOnly(Set.of("instance_type", "runtime_version"));
        return new JobResources(node.requireString("instance_type", "the node size of serverless Spark"),
                node.requireString("runtime_version", "the Spark runtime of serverless Spark"));
    }

    private static Identity identity(SpecNode node) {
        if (node == null) {
            return null;
        }
        String text = node.requireString("type", "user_identity, managed or aml_token");
        Identity.Type type = Identity.Type.of(text).orElseThrow(() -> SpecNode.invalid(node.field("type"),
                "must be user_identity, managed (or managed_identity) or aml_token", text));
        node.allowOnly(type == Identity.Type.MANAGED ? MANAGED_KEYS : Set.of("type"));
        return new Identity(type, node.string("client_id"), node.string("object_id"), node.string("msi_resource_id"));
    }

    private static JobEnvironment environment(SpecNode root) {
        Object value = root.raw("environment");
        if (value == null) {
            return null;
        }
        if (value instanceof String reference && !reference.isBlank()) {
            return new JobEnvironment(reference.strip(), null);
        }
        if (value instanceof Map<?, ?> inline) {
            Map<String, Object> copy = new LinkedHashMap<>();
            inline.forEach((k, v) -> copy.put(String.valueOf(k), v));
            return new JobEnvironment(null, copy);
        }
        throw SpecNode.invalid("environment", "must be a reference (a string) or an inline environment (a mapping "
                + "such as {conda_file: ..., image: ...})", value);
    }
}
