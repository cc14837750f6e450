package com.hotelchat.domain;

import java.util.regex.Pattern;

/** A hotel department; its name is a slug because it becomes part of a group name. */
public record Department(long id, String name) {
    public static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
