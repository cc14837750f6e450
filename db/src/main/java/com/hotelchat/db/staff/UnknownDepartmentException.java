package com.hotelchat.db.staff;

/** A request named a department that does not exist; nothing was written. */
public final class UnknownDepartmentException extends RuntimeException {
    private final String department;

    public UnknownDepartmentException(String department) {
        super("Unknown department '" + department + "'", null, false, false);
        this.department = department;
    }

    public String department() {
        return department;
    }
}
