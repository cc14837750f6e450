package com.hotelchat.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.hotelchat.db.tools.SearchQuery;
import com.hotelchat.protocol.Decoded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What typed text becomes: prefix words and exact phrases as quoted lexemes, or one sentence saying why not. */
class SearchQueryTest {

    private static String tsquery(String q) {
        return ((SearchQuery) assertInstanceOf(Decoded.Ok.class, SearchQuery.parse(q)).value()).tsquery();
    }

    private static String error(String q) {
        return assertInstanceOf(Decoded.ProtocolError.class, SearchQuery.parse(q)).message();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            hair                        | 'hair':*
            Hair  DRYER                 | 'Hair':* & 'DRYER':*
            `"hair dryer" towel`        | 'hair dryer' & 'towel':*
            `towel "hair dryer`         | 'towel':* & 'hair':* & 'dryer':*
            `don't`                     | 'don''t':*
            `a\\b`                      | 'a\\\\b':*
            `sax OR -""`                | 'sax':* & 'OR':*
            `&|!:*() x`                 | 'x':*
            `a:*b <-> c`                | 'a:*b':* & 'c':*
            `x'); DROP TABLE messages;--` | 'x'');':* & 'DROP':* & 'TABLE':* & 'messages;--':*
            spa spa SPA                 | 'spa':* & 'SPA':*
            `"hair"`                    | 'hair'
            `""hair""`                  | 'hair':*
            `tab\there`                 | 'tab':* & 'here':*
            """)
    void wordsArePrefixTermsPhrasesExactAndNothingTypedIsSyntax(String q, String expected) {
        assertEquals(expected, tsquery(q));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void nothingTypedIsRequiredToBeSomething(String q) {
        assertEquals("'q' is required: the words to look for", error(q));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-", "--------------------", "\"\"", "OR-", "&|!", "\uD83D\uDE00", "« »", "'\\'"})
    void onlyPunctuationOrSymbolsHasNoWordToLookFor(String q) {
        if (q.equals("OR-")) {
            assertEquals("'OR-':*", tsquery(q)); // letters: a word like any other
            return;
        }
        assertEquals("'q' has no word to look for: give at least one word of letters or digits", error(q));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "\u0000", "a\u0001", "a\u001b[31m", "x\u007f", "x\u0085y", "a\u001fb"})
    void controlCharactersAreRefused(String q) {
        assertEquals("'q' must not contain control characters (such as U+0000); tabs and line breaks are spaces", error(q));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\uD800", "\uDC00b", "x\uDC00\uD800y"})
    void loneSurrogatesAreRefused(String q) {
        assertEquals("'q' must be valid Unicode text: it holds a lone surrogate (U+D800 to U+DFFF)", error(q));
    }

    @org.junit.jupiter.api.Test
    void theLimitsAreTwoHundredCharactersAndTwentyTerms() {
        assertInstanceOf(Decoded.Ok.class, SearchQuery.parse("x".repeat(200)));
        assertInstanceOf(Decoded.Ok.class, SearchQuery.parse("\uD83D\uDE00".repeat(199) + "a"), "characters, not UTF-16 units");
        assertEquals("'q' must be at most 200 characters", error("x".repeat(201)));
        assertEquals("'q' must be at most 200 characters", error("-".repeat(10_000)));
        StringBuilder twenty = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            twenty.append("w").append(i).append(' ');
        }
        assertInstanceOf(Decoded.Ok.class, SearchQuery.parse(twenty.toString()));
        assertEquals("'q' may hold at most 20 words and phrases", error(twenty + "w20"));
        assertInstanceOf(Decoded.Ok.class, SearchQuery.parse("a ".repeat(100)), "the same word many times is one term");
    }
}
