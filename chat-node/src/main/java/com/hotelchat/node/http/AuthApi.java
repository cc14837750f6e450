package com.hotelchat.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.db.staff.StaffDirectory;
import com.hotelchat.node.auth.LoginThrottle;
import com.hotelchat.node.auth.PasswordHasher;
import com.hotelchat.node.auth.TokenService;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /auth/login}. */
public final class AuthApi {

    private static final Logger log = LoggerFactory.getLogger(AuthApi.class);
    private static final String INVALID = "Invalid username or password";

    private final StaffDirectory staff;
    private final PasswordHasher passwords;
    private final TokenService tokens;
    private final LoginThrottle throttle;

    public AuthApi(StaffDirectory staff, PasswordHasher passwords, TokenService tokens, LoginThrottle throttle) {
        this.staff = staff;
        this.passwords = passwords;
        this.tokens = tokens;
        this.throttle = throttle;
    }

    public record LoginResponse(String token, UserView user) {}

    public ApiResponse login(ApiRequest request) {
        JsonNode body = request.object();
        String username = Fields.requiredText(body, "username", 150);
        String password = Fields.requiredText(body, "password", 1024);
        if (throttle.isBlocked(username, request.remoteAddress())) {
            throw new ApiError(429, "Too many failed logins: wait a few minutes and try again");
        }
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
}
