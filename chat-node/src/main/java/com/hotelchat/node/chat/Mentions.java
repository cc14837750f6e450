package com.hotelchat.node.chat;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code @username}s in a note: at the start or after a non-word character, trailing dots dropped, at most 20. */
final class Mentions {

    static final int MAX = 20;
    private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_@])@([\\p{L}\\p{N}_.\\-]{1,150})");

    private Mentions() {}

    static Set<String> usernames(String content) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = MENTION.matcher(content);
        while (m.find() && names.size() < MAX) {
            String name = m.group(1).replaceAll("\\.+$", "");
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}
