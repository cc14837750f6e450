package com.hotelchat.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.db.staff.StaffChange;
import com.hotelchat.db.staff.StaffDirectory;
import com.hotelchat.db.staff.TokenRevocations;
import com.hotelchat.node.auth.TokenClaims;
import com.hotelchat.node.auth.LoginThrottle;
import com.hotelchat.node.auth.PasswordHasher;
import com.hotelchat.node.auth.TokenService;
import com.hotelchat.node.chat.ChatEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /auth/login}, {@code POST /auth/logout} (revokes the token it is sent with) and
 * {@code POST /auth/password} (changes one's own password and revokes every older token of the user). A revocation is
 * written to the database first and then announced to every node, which closes the sockets opened with it (4401).
 */
public final class AuthApi {

    private static final Logger log = LoggerFactory.getLogger(AuthApi.class);
    private static final String INVALID = "Invalid username or password";

    private final StaffDirectory staff;
    private final PasswordHasher passwords;
    private final TokenService tokens;
    private final LoginThrottle throttle;
    private final TokenRevocations revocations;
    private final ChatEvents events;
    private final Clock clock;

    public AuthApi(StaffDirectory staff, PasswordHasher passwords, TokenService tokens, LoginThrottle throttle,
                   TokenRevocations revocations, ChatEvents events, Clock clock) {
        this.staff = staff;
        this.passwords = passwords;
        this.tokens = tokens;
        this.throttle = throttle;
        this.revocations = revocations;
        this.events = events;
        this.clock = clock;
    }

    public record LoginResponse(String token, UserView user) {}

    public ApiResponse login(ApiRequest request) {
        JsonNode body = request.object();
        String username = Fields.requiredText(body, "username", 150);
        String password = Fields.requiredText(body, "password", 1024);
        refuseIfThrottled(username, request.remoteAddress());
        Optional<StaffAccount> account = staff.findByUsername(username)
                .filter(a -> a.user().active())
                .filter(a -> passwords.matches(password, a.user().passwordHash()));
        if (account.isEmpty()) {
            throttle.failed(username, request.remoteAddress());
            log.info("login refused username={} address={}", username, request.remoteAddress());
            throw new ApiError(401, INVALID);
        }
        throttle.succeeded(username);
        StaffAccount a = account.get();
        log.info("login user={} username={}", a.user().id(), username);
        return ApiResponse.ok(new LoginResponse(tokens.issueStaff(a.user().id()), UserView.of(a)));
    }

    private void refuseIfThrottled(String username, String address) {
        Optional<Duration> wait = throttle.blockedFor(username, address);
        if (wait.isPresent()) {
            log.info("login throttled username={} address={}", username, address);
            throw ApiError.tooManyRequests("Too many failed logins: wait " + minutes(wait.get())
                    + " and try again", wait.get());
        }
    }

    private static String minutes(Duration wait) {
        long m = Math.max(1, (wait.toSeconds() + 59) / 60);
        return m == 1 ? "a minute" : m + " minutes";
    }

    public ApiResponse logout(StaffAccount caller, ApiRequest request) {
        // The route authenticated this very token already; only its claims are needed here.
        TokenClaims.Staff claims = tokens.verify(request.bearerToken())
                .filter(TokenClaims.Staff.class::isInstance).map(TokenClaims.Staff.class::cast)
                .orElseThrow(ApiError::unauthorized);
        revocations.revoke(claims.tokenId(), caller.user().id(), claims.expiresAt());
        events.staffChanged(caller.user().id());
        log.info("logout user={}", caller.user().id());
        return ApiResponse.ok(Map.of("logged_out", true));
    }

    public ApiResponse changePassword(StaffAccount caller, ApiRequest request) {
        JsonNode body = request.object();
        String oldPassword = Fields.requiredText(body, "old_password", 1024);
        String newPassword = Fields.requiredText(body, "new_password", 1024);
        String username = caller.user().username();
        refuseIfThrottled(username, request.remoteAddress());
        if (!passwords.matches(oldPassword, caller.user().passwordHash())) {
            throttle.failed(username, request.remoteAddress());
            throw ApiError.forbidden("'old_password' is not the current password");
        }
        AdminApi.checkPassword(newPassword, "new_password");
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // tokens carry milliseconds
        StaffAccount updated = staff.update(caller.user().id(), StaffChange.password(passwords.hash(newPassword), now))
                .orElseThrow(ApiError::unauthorized);
        events.staffChanged(caller.user().id());
        log.info("password changed user={}: earlier tokens revoked", caller.user().id());
        return ApiResponse.ok(new LoginResponse(tokens.issueStaff(updated.user().id(), now), UserView.of(updated)));
    }
}
