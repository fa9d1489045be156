package io.kindling.conda.spec;

import java.util.Locale;

/**
 * One package a spec asks for.
 *
 * @param source     a conda dependency or an entry of the nested {@code pip:} list
 * @param entry      where it is in the spec, e.g. {@code dependencies[1]} or {@code dependencies[2].pip[0]}
 * @param text       the entry as written
 * @param name       the package name, normalized (lower case, {@code _} and {@code .} as {@code -})
 * @param channel    a conda {@code channel::name} prefix, or {@code null}
 * @param constraint the version constraint ({@link VersionConstraint#any()} when none)
 * @param url        a pip direct reference ({@code name @ https://...}), or {@code null}
 * @param canonical  the entry written one way only (normalized name, no spaces): what the spec hash covers
 */
public record Requirement(Source source, String entry, String text, String name, String channel,
                          VersionConstraint constraint, String url, String canonical) {

    /** Where a requirement came from. */
    public enum Source {
        /** A conda package from the spec's channels. */
        CONDA,
        /** A package of the nested {@code pip:} list, from a Python package index. */
        PIP
    }

    /** PEP 503 normalization, which conda names also follow in practice. */
    public static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    /** The requirement as pip reads it: conda's prefix form {@code numpy=1.26} becomes {@code numpy==1.26.*}. */
    public String asPipRequirement() {
        if (source == Source.PIP) {
            return text;
        }
        String c = constraint.toString();
        if (c.isEmpty()) {
            return name;
        }
        StringBuilder pip = new StringBuilder(name);
        String[] clauses = c.split(",");
        for (int i = 0; i < clauses.length; i++) {
            String clause = clauses[i].strip();
            if (clause.startsWith("==") || clause.startsWith(">") || clause.startsWith("<")
                    || clause.startsWith("!=") || clause.startsWith("~=")) {
                pip.append(i == 0 ? "" : ",").append(clause);
            } else {
                String version = clause.startsWith("=") ? clause.substring(1) : clause;
                pip.append(i == 0 ? "" : ",").append("==").append(version.endsWith("*") ? version : version + ".*");
            }
        }
        return pip.toString();
    }
}
