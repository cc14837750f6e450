package com.hotelchat.node.http;

import com.hotelchat.db.staff.StaffAccount;
import java.util.regex.Pattern;

/** A method and path pattern, who may call it, and what answers it. Capture groups become path parameters. */
public record Route(String method, Pattern path, Access access, Handler handler) {

    public enum Access { PUBLIC, STAFF, ADMIN }

    @FunctionalInterface
    public interface Handler {
        /** {@code caller} is null on public routes. */
        ApiResponse handle(StaffAccount caller, ApiRequest request);
    }

    public static Route open(String method, String path, java.util.function.Function<ApiRequest, ApiResponse> handler) {
        return new Route(method, Pattern.compile(path), Access.PUBLIC, (caller, request) -> handler.apply(request));
    }

    public static Route staff(String method, String path, Handler handler) {
        return new Route(method, Pattern.compile(path), Access.STAFF, handler);
    }

    public static Route admin(String method, String path, java.util.function.Function<ApiRequest, ApiResponse> handler) {
        return new Route(method, Pattern.compile(path), Access.ADMIN, (caller, request) -> handler.apply(request));
    }
}
