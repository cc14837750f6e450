package com.hotelchat.protocol;

public record GuestInfo(long id, String name, String roomNumber) {}
