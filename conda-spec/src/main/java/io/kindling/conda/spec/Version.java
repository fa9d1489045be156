package io.kindling.conda.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dotted release number ({@code 3.11.7}, {@code 2.13}); trailing zeros do not count, so {@code 3.11} equals
 * {@code 3.11.0}. Pre-release and local suffixes ({@code rc1}, {@code +cpu}) are ignored for ordering, which is
 * all the checks here need.
 */
record Version(List<Integer> parts) implements Comparable<Version> {

    private static final Pattern LEADING_NUMBER = Pattern.compile("(\\d+).*");

    static boolean isValid(String text) {
        return text.matches("\\d+(\\.\\d+)*[A-Za-z0-9.+_-]*");
    }

    static Version parse(String text) {
        List<Integer> parts = new ArrayList<>();
        for (String part : text.split("\\.")) {
            Matcher m = LEADING_NUMBER.matcher(part);
            if (!m.matches()) {
                break;
            }
            parts.add(Integer.parseInt(m.group(1).length() > 9 ? m.group(1).substring(0, 9) : m.group(1)));
            if (!part.equals(m.group(1))) {
                break;
            }
        }
        return new Version(List.copyOf(parts));
    }

    int size() {
        return parts.size();
    }

    int at(int i) {
        return i < parts.size() ? parts.get(i) : 0;
    }

    /** Whether this version starts with {@code prefix}'s parts ({@code 3.11.7} starts with {@code 3.11}). */
    boolean startsWith(Version prefix) {
        for (int i = 0; i < prefix.size(); i++) {
            if (at(i) != prefix.at(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(Version other) {
        for (int i = 0; i < Math.max(size(), other.size()); i++) {
            int cmp = Integer.compare(at(i), other.at(i));
            if (cmp != 0) {
                return cmp;
            }
        }
        return 0;
    }
}
