package com.hotelchat.domain;

/**
 * A staff or admin account. {@code passwordHash} never leaves the server. Tokens issued before {@code tokensValidAfter}
 * (set by a password change; null if never) are no longer accepted.
 */
public record StaffUser(long id, String username, String name, String userType, boolean active, String passwordHash,
                        java.time.Instant tokensValidAfter) {

    /** Whether a token issued at {@code issuedAt} is still accepted for this account. */
    public boolean acceptsTokenIssuedAt(java.time.Instant issuedAt) {
        return tokensValidAfter == null || !issuedAt.isBefore(tokensValidAfter);
    }

    public boolean isDepartmentStaff() {
        return UserType.DEPARTMENT_STAFF.equals(userType);
    }

    public boolean isAdmin() {
        return UserType.ADMIN.equals(userType);
    }
}
