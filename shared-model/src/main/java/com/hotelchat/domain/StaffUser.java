package com.hotelchat.domain;

/** A staff or admin account. {@code passwordHash} never leaves the server. */
public record StaffUser(long id, String username, String name, String userType, boolean active, String passwordHash) {

    public boolean isDepartmentStaff() {
        return UserType.DEPARTMENT_STAFF.equals(userType);
    }

    public boolean isAdmin() {
        return UserType.ADMIN.equals(userType);
    }
}
