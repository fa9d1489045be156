package io.kindling.job.spec;

import java.nio.charset.StandardCharsets;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Loads a spec's text, YAML or JSON (JSON is YAML), into maps, lists and strings. Scalars stay as written:
 * {@code runtime_version: 3.10} is the text {@code "3.10"}, not the number 3.1, and a JSON {@code 2} reads the
 * same as a YAML {@code 2}. Only {@code null}, {@code ~} and empty values are read as absent.
 */
final class SpecLoader {

    /** Largest spec accepted, in bytes. */
    static final int MAX_BYTES = 128 * 1024;

    private SpecLoader() {
    }

    /** @throws InvalidJobSpecException {@code MALFORMED_SPEC} */
    static Object load(String text) {
        if (text == null || text.isBlank()) {
            throw malformed("the spark job spec is empty");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw malformed("the spark job spec is larger than " + MAX_BYTES / 1024 + " KiB");
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(MAX_BYTES);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options,
                new TextResolver());
        try {
            return yaml.load(text.stripLeading().startsWith("{") ? jsonAsYaml(text) : text);
        } catch (YAMLException e) {
            String detail = e.getMessage() == null ? e.toString() : e.getMessage().strip();
            throw malformed("the spark job spec is not valid YAML or JSON: "
                    + detail.lines().limit(6).reduce((a, b) -> a + " " + b.strip()).orElse(detail));
        }
    }

    /**
     * JSON text (it starts with <code>{</code>) made YAML: the two things valid JSON may have that YAML refuses are
     * tabs between tokens and the escape {@code \/}; tabs become spaces and {@code \/} becomes {@code /}. Strings
     * are otherwise untouched.
     */
    static String jsonAsYaml(String json) {
        StringBuilder yaml = new StringBuilder(json.length());
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString && c == '\\' && i + 1 < json.length()) {
                char next = json.charAt(++i);
                yaml.append(next == '/' ? "/" : "\\" + next);
            } else if (c == '"') {
                inString = !inString;
                yaml.append(c);
            } else {
                yaml.append(!inString && c == '\t' ? ' ' : c);
            }
        }
        return yaml.toString();
    }

    private static InvalidJobSpecException malformed(String message) {
        return new InvalidJobSpecException(JobSpecError.MALFORMED_SPEC, "spec", message);
    }

    /** Resolves plain scalars to null or text only: no booleans, numbers, timestamps or merge keys. */
    private static final class TextResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
