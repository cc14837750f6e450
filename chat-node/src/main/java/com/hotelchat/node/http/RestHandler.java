package com.hotelchat.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.db.DatabaseFailure;
import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.node.auth.Authenticator;
import com.hotelchat.protocol.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes REST calls, authenticates them, parses JSON bodies and writes JSON answers. Every failure becomes
 * {@code {"error": "..."}} with a fitting status; no stack trace ever reaches a client.
 */
public final class RestHandler extends HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(RestHandler.class);
    /** What a client is told to wait before trying again while the database is unreachable (a failover). */
    private static final java.time.Duration DATABASE_RETRY_AFTER = java.time.Duration.ofSeconds(2);
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final List<Route> routes;
    private final Authenticator authenticator;
    private final JsonCodec codec;
    private final HttpHandler fallback;
    private final ClientAddresses addresses;
    private final HttpHandler media;

    /** {@code media}: serves {@code /media/...} (uploads and downloads stream; they never go through the JSON path). */
    public RestHandler(List<Route> routes, Authenticator authenticator, JsonCodec codec, HttpHandler fallback,
                       ClientAddresses addresses, HttpHandler media) {
        this.media = media;
        this.addresses = addresses;
        this.routes = List.copyOf(routes);
        this.authenticator = authenticator;
        this.codec = codec;
        this.fallback = fallback;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String path = request.getRequestURI();
        if (media != null && (path.equals("/media") || path.startsWith("/media/"))) {
            media.service(request, response);
            return;
        }
        ApiResponse answer;
        java.time.Duration retryAfter = null;
        try {
            // HEAD is answered as GET without the body (AnswerWriter): uptime checks and load balancers use it
            String method = request.getMethod() == Method.HEAD ? "GET" : request.getMethod().getMethodString();
            Optional<Match> match = match(method, path);
            if (match.isEmpty()) {
                if (fallback != null && "GET".equals(method)) {
                    fallback.service(request, response);
                    return;
                }
                throw ApiError.notFound("No such endpoint: " + request.getMethod().getMethodString() + " " + path);
            }
            answer = dispatch(match.get(), request);
        } catch (ApiError e) {
            answer = new ApiResponse(e.status(), Map.of("error", e.getMessage()));
            retryAfter = e.retryAfter();
        } catch (RuntimeException e) {
            if (DatabaseFailure.of(e).unavailable()) {
                // a failover: the client may try again in a moment, on this node or any other
                log.warn("request failed: database unavailable ({}) method={} path={}", DatabaseFailure.describe(e),
                        request.getMethod().getMethodString(), path);
                answer = new ApiResponse(503, Map.of("error", "The database is not reachable right now (it may be "
                        + "failing over): try again in a few seconds"));
                retryAfter = DATABASE_RETRY_AFTER;
            } else {
                log.error("request failed method={} path={}", request.getMethod().getMethodString(), path, e);
                answer = new ApiResponse(500, Map.of("error", "Internal error: the request could not be completed"));
            }
        }
        AnswerWriter.write(response, codec, answer, retryAfter);
    }

    private record Match(Route route, List<String> params) {}

    private Optional<Match> match(String method, String path) {
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher m = route.path().matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(method)) {
                List<String> params = new ArrayList<>();
                for (int i = 1; i <= m.groupCount(); i++) {
                    params.add(m.group(i));
                }
                return Optional.of(new Match(route, params));
            }
        }
        if (pathKnown) {
            throw new ApiError(405, "Method " + method + " is not allowed on " + path);
        }
        return Optional.empty();
    }

    private ApiResponse dispatch(Match match, Request request) throws IOException {
        byte[] raw = rawBody(request);
        ApiRequest api = new ApiRequest(request.getMethod().getMethodString(), request.getRequestURI(), match.params(),
                query(request), request::getHeader, addresses.of(request.getRemoteAddr(), request.getHeader("X-Forwarded-For")),
                raw, parse(raw));
        Route route = match.route();
        StaffAccount caller = null;
        if (route.access() != Route.Access.PUBLIC) {
            caller = authenticator.staff(api.bearerToken()).orElseThrow(ApiError::unauthorized);
            if (route.access() == Route.Access.ADMIN && !caller.user().isAdmin()) {
                throw ApiError.forbidden("Only admins may do this");
            }
        }
        return route.handler().handle(caller, api);
    }

    /** The query string only: the body is never read as form parameters. */
    private static Map<String, String> query(Request request) {
        return QueryString.parse(request.getQueryString());
    }

    private byte[] rawBody(Request request) throws IOException {
        if (request.getContentLength() > MAX_BODY_BYTES) {
            throw new ApiError(413, "The request body is too large (at most 1 MiB)");
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiError(413, "The request body is too large (at most 1 MiB)");
        }
        return bytes;
    }

    /** The body as JSON, or null when empty; a body that is not JSON is refused. */
    private JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        try {
            return codec.mapper().readTree(bytes);
        } catch (IOException e) {
            throw ApiError.badRequest("The request body is not valid JSON");
        }
    }
}
