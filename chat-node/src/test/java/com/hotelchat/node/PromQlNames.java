package com.hotelchat.node;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, as the chart's dashboard and alert rules write them: what remains once
 * strings, label matchers, grouping clauses, ranges, placeholders ({@code ${name}} of the chart, {@code $node} of
 * Grafana) and function calls are taken away. Grafana's {@code label_values(metric, label)} names its metric.
 */
final class PromQlNames {

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,()]+?)\\s*,\\s*\\w+\\s*\\)");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    /** A number (a duration such as {@code 5m} too), or an identifier, with whether a call's parenthesis follows. */
    private static final Pattern TOKEN =
            Pattern.compile("[0-9][0-9.eE+]*[a-zA-Z]*|([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

    private PromQlNames() {}

    static Set<String> in(String expression) {
        String e = LABEL_VALUES.matcher(expression).replaceAll("$1");
        e = STRING.matcher(e).replaceAll(" ");
        e = PLACEHOLDER.matcher(e).replaceAll(" 1 ");
        e = MATCHERS.matcher(e).replaceAll(" ");
        e = GROUPING.matcher(e).replaceAll(" ");
        e = RANGE.matcher(e).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher token = TOKEN.matcher(e);
        while (token.find()) {
            String name = token.group(1);
            if (name != null && token.group(2) == null && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }
}
