package com.hotelchat.node.auth;

import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.db.staff.StaffDirectory;
import java.util.Optional;

/**
 * Turns a bearer token into the current account. The token proves who it was issued to; the database says
 * whether that account is still active, so deactivation takes effect at once on every node.
 */
public final class Authenticator {

    private final TokenService tokens;
    private final StaffDirectory staff;

    public Authenticator(TokenService tokens, StaffDirectory staff) {
        this.tokens = tokens;
        this.staff = staff;
    }

    /** Empty when the token is missing, invalid or expired, or names an unknown or deactivated user. */
    public Optional<StaffAccount> staff(String token) {
        return tokens.verify(token)
                .filter(TokenClaims.Staff.class::isInstance)
                .map(TokenClaims.Staff.class::cast)
                .flatMap(claims -> staff.findById(claims.userId()))
                .filter(account -> account.user().active());
    }
}
