package io.kindling.session.job;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a spec's {@code args} into the driver's arguments the way a POSIX shell splits words: on whitespace,
 * with single quotes taking everything literally, double quotes and backslashes escaping as usual. Nothing is
 * expanded: there is no shell.
 */
final class CommandLine {

    private CommandLine() {
    }

    /** @throws IllegalArgumentException on an unclosed quote */
    static List<String> split(String args) {
        List<String> words = new ArrayList<>();
        if (args == null) {
            return words;
        }
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < args.length() && "\"\\$`".indexOf(args.charAt(i + 1)) >= 0) {
                    word.append(args.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                inWord = true;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < args.length()) {
                    word.append(args.charAt(++i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("args has an unclosed " + quote + " quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
