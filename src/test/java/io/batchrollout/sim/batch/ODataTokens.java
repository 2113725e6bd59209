package io.batchrollout.sim.batch;

import java.util.ArrayList;
import java.util.List;

/** Splits an OData {@code $filter} into words, string literals, {@code datetime'...'} literals and ( ) , symbols. */
final class ODataTokens {

    enum Type { WORD, STRING, DATETIME, SYMBOL }

    /** {@code at} is the 1-based position in the filter text, for error messages. */
    record Token(Type type, String text, int at) {
    }

    private ODataTokens() {
    }

    static List<Token> of(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(new Token(Type.SYMBOL, String.valueOf(c), i + 1));
                i++;
            } else if (c == '\'') {
                int start = i;
                StringBuilder value = new StringBuilder();
                i = quoted(text, i, value);
                tokens.add(new Token(Type.STRING, value.toString(), start + 1));
            } else if (wordChar(c)) {
                int start = i;
                while (i < text.length() && wordChar(text.charAt(i))) {
                    i++;
                }
                String word = text.substring(start, i);
                if (word.equalsIgnoreCase("datetime") && i < text.length() && text.charAt(i) == '\'') {
                    StringBuilder value = new StringBuilder();
                    i = quoted(text, i, value);
                    tokens.add(new Token(Type.DATETIME, value.toString(), start + 1));
                } else {
                    tokens.add(new Token(Type.WORD, word, start + 1));
                }
            } else {
                throw new ODataFilter.Invalid("Unexpected character '" + c + "' at position " + (i + 1) + ".");
            }
        }
        return tokens;
    }

    /** Reads a quoted literal starting at the opening quote; a doubled quote inside stands for one. */
    private static int quoted(String text, int open, StringBuilder value) {
        int i = open + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            value.append(c);
            i++;
        }
        throw new ODataFilter.Invalid("The string literal opened at position " + (open + 1) + " is not closed.");
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '/' || c == '_' || c == '.' || c == '-' || c == ':' || c == '+';
    }
}
