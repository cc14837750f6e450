package com.hotelchat.db.tools;

import com.hotelchat.protocol.Decoded;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a staff member typed into search, as a text-search query that PostgreSQL always accepts. Every word (what
 * stands between spaces) is a prefix term, so "hair" finds "hairdryer"; a "quoted phrase" is its words in a row,
 * exactly; all terms are required. There are no operators: {@code -}, {@code OR}, {@code |} or {@code :*} typed are
 * text. Each term is written as one quoted lexeme of tsquery syntax (quotes and backslashes escaped), so nothing typed
 * can be read as syntax; {@code to_tsquery('simple', ...)} then splits and lower-cases it with the same parser that made
 * the stored vectors (a hyphenated word, an e-mail address, a number as {@code to_tsvector} sees them). The query is a
 * bound parameter of the statement, never part of its text.
 */
public final class SearchQuery {

    public static final int MAX_CHARS = 200;
    /** Words and phrases together: every term is one more index lookup. */
    public static final int MAX_TERMS = 20;

    private final String tsquery;

    private SearchQuery(String tsquery) {
        this.tsquery = tsquery;
    }

    /** The terms of {@code q}, or a sentence saying what is wrong with it. */
    public static Decoded<SearchQuery> parse(String q) {
        if (q == null || q.isBlank()) {
            return Decoded.error("'q' is required: the words to look for");
        }
        if (q.codePointCount(0, q.length()) > MAX_CHARS) {
            return Decoded.error("'q' must be at most " + MAX_CHARS + " characters");
        }
        String unreadable = unreadable(q);
        if (unreadable != null) {
            return Decoded.error(unreadable);
        }
        Set<String> terms = new LinkedHashSet<>();
        for (Term term : terms(q)) {
            if (term.searchable()) {
                terms.add(term.lexeme());
            }
        }
        if (terms.isEmpty()) {
            return Decoded.error("'q' has no word to look for: give at least one word of letters or digits");
        }
        if (terms.size() > MAX_TERMS) {
            return Decoded.error("'q' may hold at most " + MAX_TERMS + " words and phrases");
        }
        return Decoded.ok(new SearchQuery(String.join(" & ", terms)));
    }

    /** The query in tsquery syntax, for {@code to_tsquery('simple', ?)}. */
    public String tsquery() {
        return tsquery;
    }

    /** Why {@code q} cannot be searched as text (a control character, a lone surrogate), or null. */
    private static String unreadable(String q) {
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return "'q' must not contain control characters (such as U+0000); tabs and line breaks are spaces";
            }
            if (Character.isHighSurrogate(c) && i + 1 < q.length() && Character.isLowSurrogate(q.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "'q' must be valid Unicode text: it holds a lone surrogate (U+D800 to U+DFFF)";
            }
        }
        return null;
    }

    /** Words between spaces, and phrases between double quotes; an unclosed quote's text is words. */
    private static List<Term> terms(String q) {
        List<Term> terms = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inPhrase = false;
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c == '"') {
                terms.add(new Term(current.toString(), !inPhrase));
                current.setLength(0);
                inPhrase = !inPhrase;
            } else if (isSpace(c) && !inPhrase) {
                terms.add(new Term(current.toString(), true));
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (inPhrase) {
            for (String word : current.toString().split("[\\s\\p{Z}]+")) {
                terms.add(new Term(word, true));
            }
        } else {
            terms.add(new Term(current.toString(), true));
        }
        return terms;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** A word (matched as a prefix) or a phrase (matched exactly). */
    private record Term(String text, boolean prefix) {

        /** Text search finds only letters and digits: a term of nothing else would match nothing, or everything. */
        boolean searchable() {
            return text.codePoints().anyMatch(cp -> Character.isLetterOrDigit(cp)
                    || Character.getType(cp) == Character.LETTER_NUMBER || Character.getType(cp) == Character.OTHER_NUMBER);
        }

        /** One quoted tsquery lexeme: inside quotes only {@code '} and {@code \} mean anything, and both are escaped. */
        String lexeme() {
            String quoted = "'" + text.strip().replace("\\", "\\\\").replace("'", "''") + "'";
            return prefix ? quoted + ":*" : quoted;
        }
    }
}
