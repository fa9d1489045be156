package io.kindling.conda.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version constraint of a conda match spec ({@code =3.11}, {@code >=1.2,<2}, {@code 1.2.*|1.4}) or a pip
 * requirement ({@code ==3.11.*}, {@code ~=1.4}, {@code >=1,!=1.3}). Its text is kept as written; {@link
 * #satisfiedBy} answers whether a given release meets it.
 */
public final class VersionConstraint {

    /** How the constraint was written: conda reads a bare or single-{@code =} version as a prefix. */
    enum Dialect { CONDA, PIP }

    private static final Pattern CLAUSE = Pattern.compile("(===|==|!=|>=|<=|~=|>|<|=)?\\s*([A-Za-z0-9.*+_!-]+)");
    private static final VersionConstraint ANY = new VersionConstraint("", List.of());

    private record Clause(String op, String version) {
    }

    private final String text;
    /** Alternatives (conda's {@code |}); each a conjunction of clauses. Empty: any version. */
    private final List<List<Clause>> alternatives;

    private VersionConstraint(String text, List<List<Clause>> alternatives) {
        this.text = text;
        this.alternatives = alternatives;
    }

    public static VersionConstraint any() {
        return ANY;
    }

    /** @return empty when {@code text} is not a constraint in {@code dialect} */
    static Optional<VersionConstraint> parse(String text, Dialect dialect) {
        String trimmed = text.strip();
        if (trimmed.startsWith("(") && trimmed.endsWith(")")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1).strip();
        }
        if (trimmed.isEmpty()) {
            return Optional.of(ANY);
        }
        List<List<Clause>> alternatives = new ArrayList<>();
        String[] ors = dialect == Dialect.CONDA ? trimmed.split("\\|", -1) : new String[] {trimmed};
        for (String or : ors) {
            List<Clause> clauses = new ArrayList<>();
            for (String part : or.split(",", -1)) {
                Matcher m = CLAUSE.matcher(part.strip());
                if (!m.matches()) {
                    return Optional.empty();
                }
                String op = m.group(1) == null ? "" : m.group(1);
                String version = m.group(2);
                boolean wildcard = version.endsWith("*");
                String number = wildcard ? version.replaceAll("\\.?\\*$", "") : version;
                if (dialect == Dialect.PIP && (op.isEmpty() || op.equals("="))) {
                    return Optional.empty();
                }
                if (!number.isEmpty() && !Version.isValid(number)) {
                    return Optional.empty();
                }
                clauses.add(new Clause(op, version));
            }
            alternatives.add(List.copyOf(clauses));
        }
        return Optional.of(new VersionConstraint(trimmed, List.copyOf(alternatives)));
    }

    /** Whether any version is allowed. */
    public boolean isAny() {
        return alternatives.isEmpty();
    }

    /** Whether release {@code version} meets the constraint. */
    public boolean satisfiedBy(String version) {
        if (isAny()) {
            return true;
        }
        Version actual = Version.parse(version);
        return alternatives.stream().anyMatch(all -> all.stream().allMatch(c -> matches(c, actual, version)));
    }

    private static boolean matches(Clause clause, Version actual, String actualText) {
        String v = clause.version();
        boolean wildcard = v.endsWith("*");
        String number = wildcard ? v.replaceAll("\\.?\\*$", "") : v;
        if (number.isEmpty()) {
            return !clause.op().equals("!=");
        }
        Version wanted = Version.parse(number);
        return switch (clause.op()) {
            // conda: a bare or single-= version matches as a prefix (python=3.11 is 3.11.*)
            case "", "=" -> actual.startsWith(wanted);
            case "==" -> wildcard ? actual.startsWith(wanted) : actual.compareTo(wanted) == 0;
            case "===" -> actualText.equals(v);
            case "!=" -> wildcard ? !actual.startsWith(wanted) : actual.compareTo(wanted) != 0;
            case ">=" -> actual.compareTo(wanted) >= 0;
            case "<=" -> actual.compareTo(wanted) <= 0;
            case ">" -> actual.compareTo(wanted) > 0;
            case "<" -> actual.compareTo(wanted) < 0;
            // ~=1.4.2 is >=1.4.2 and ==1.4.*
            case "~=" -> actual.compareTo(wanted) >= 0 && wanted.size() >= 2
                    && actual.startsWith(new Version(wanted.parts().subList(0, wanted.size() - 1)));
            default -> false;
        };
    }

    /** As written, e.g. {@code >=1.2,<2}; empty for any version. */
    @Override
    public String toString() {
        return text;
    }
}
