package io.kindling.job.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code args} of a job with its placeholders: {@code ${{inputs.<name>}}} and {@code ${{outputs.<name>}}},
 * spaces inside the braces allowed ({@code ${{ inputs.raw }}}).
 */
public final class ArgsTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{\\{(.*?)}}");
    private static final Pattern REFERENCE = Pattern.compile("\\s*(inputs|outputs)\\.([A-Za-z_][A-Za-z0-9_]*)\\s*");

    /** One placeholder: {@code inputs} or {@code outputs}, and the name. */
    public record Reference(String kind, String name) {
        @Override
        public String toString() {
            return "${{" + kind + "." + name + "}}";
        }
    }

    private final String text;
    private final List<Reference> references;

    private ArgsTemplate(String text, List<Reference> references) {
        this.text = text;
        this.references = references;
    }

    /** @throws InvalidJobSpecException {@code INVALID_FIELD} for a placeholder of another form or left open */
    public static ArgsTemplate parse(String args) {
        String text = args == null ? "" : args;
        List<Reference> references = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            Matcher ref = REFERENCE.matcher(m.group(1));
            if (!ref.matches()) {
                throw SpecNode.invalid("args", "may only refer to ${{inputs.<name>}} or ${{outputs.<name>}}",
                        m.group());
            }
            references.add(new Reference(ref.group(1), ref.group(2)));
        }
        if (PLACEHOLDER.matcher(text).replaceAll("").contains("${{")) {
            throw SpecNode.invalid("args", "has a '${{' placeholder that is not closed with '}}'", text);
        }
        return new ArgsTemplate(text, List.copyOf(references));
    }

    public List<Reference> references() {
        return references;
    }

    /** @throws InvalidJobSpecException {@code UNKNOWN_INPUT} or {@code UNKNOWN_OUTPUT} for the first undeclared */
    public void check(Set<String> inputs, Set<String> outputs) {
        for (Reference r : references) {
            boolean input = r.kind().equals("inputs");
            if (!(input ? inputs : outputs).contains(r.name())) {
                throw new InvalidJobSpecException(input ? JobSpecError.UNKNOWN_INPUT : JobSpecError.UNKNOWN_OUTPUT,
                        "args", "args refers to " + r + " but the spec declares no " + (input ? "input" : "output")
                        + " '" + r.name() + "'; declared " + r.kind() + ": " + (input ? inputs : outputs));
            }
        }
    }

    /**
     * The args with every placeholder replaced by its value, text outside placeholders unchanged.
     *
     * @param inputs  input name to its value (a resolved path, or a literal input's text)
     * @param outputs output name to its resolved path
     * @throws InvalidJobSpecException {@code UNKNOWN_INPUT} or {@code UNKNOWN_OUTPUT} for a name without a value
     */
    public String substitute(Map<String, String> inputs, Map<String, String> outputs) {
        check(inputs.keySet(), outputs.keySet());
        return PLACEHOLDER.matcher(text).replaceAll(match -> {
            Matcher ref = REFERENCE.matcher(match.group(1));
            ref.matches();
            String value = (ref.group(1).equals("inputs") ? inputs : outputs).get(ref.group(2));
            return Matcher.quoteReplacement(value);
        });
    }

    /** As written. */
    @Override
    public String toString() {
        return text;
    }
}
