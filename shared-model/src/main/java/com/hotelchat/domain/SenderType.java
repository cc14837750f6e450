package com.hotelchat.domain;

public final class SenderType {
    public static final String STAFF = "staff";
    public static final String GUEST = "guest";

    private SenderType() {}
}
