package com.hotelchat.protocol;

public record UserStatusData(String type, long userId, String userName, String department) {
    public static final String CONNECTED = "user_connected";
    public static final String DISCONNECTED = "user_disconnected";
}
