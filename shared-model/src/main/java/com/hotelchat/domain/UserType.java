package com.hotelchat.domain;

public final class UserType {
    public static final String DEPARTMENT_STAFF = "department_staff";
    public static final String ADMIN = "admin";

    private UserType() {}

    public static boolean isValid(String type) {
        return DEPARTMENT_STAFF.equals(type) || ADMIN.equals(type);
    }
}
