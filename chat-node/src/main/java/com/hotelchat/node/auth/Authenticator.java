package com.hotelchat.node.auth;

import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.db.staff.StaffDirectory;
import com.hotelchat.db.staff.TokenRevocations;
import java.util.Optional;

/**
 * Turns a bearer token into the current account. The token proves who it was issued to; the database says whether
 * it still counts: the account must be active, the token not issued before the last password change, and not logged
 * out. So deactivation and revocation take effect at once on every node, whatever Redis does.
 */
public final class Authenticator {

    /** A verified staff token and the account it names. */
    public record Authenticated(StaffAccount account, TokenClaims.Staff claims) {}

    private final TokenService tokens;
    private final StaffDirectory staff;
    private final TokenRevocations revocations;

    public Authenticator(TokenService tokens, StaffDirectory staff, TokenRevocations revocations) {
        this.tokens = tokens;
        this.staff = staff;
        this.revocations = revocations;
    }

    /** Empty when the token is missing, invalid, expired or revoked, or names an unknown or deactivated user. */
    public Optional<StaffAccount> staff(String token) {
        return authenticate(token).map(Authenticated::account);
    }

    public Optional<Authenticated> authenticate(String token) {
        return tokens.verify(token)
                .filter(TokenClaims.Staff.class::isInstance)
                .map(TokenClaims.Staff.class::cast)
                .flatMap(claims -> staff.findById(claims.userId())
                        .filter(account -> stillValid(account, claims))
                        .map(account -> new Authenticated(account, claims)));
    }

    /** Whether a token of this account, verified earlier, still counts now. */
    public boolean stillValid(StaffAccount account, TokenClaims.Staff claims) {
        return account.user().active()
                && account.user().acceptsTokenIssuedAt(claims.issuedAt())
                && !revocations.isRevoked(claims.tokenId());
    }
}
