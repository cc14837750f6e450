package com.hotelchat.node.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The web console, the guest page and the API documents ({@code /api/openapi.yaml}, {@code /api/asyncapi.yaml}),
 * packed in the jar under {@code /web}. Only the listed files and the console's ES modules ({@code /console/*.js})
 * are served, with a Content-Security-Policy that allows no script but our own. {@code HEAD} answers as {@code GET}
 * without the body (load balancers and uptime checks ask {@code HEAD /}).
 */
public final class StaticFiles extends HttpHandler {

    private static final Map<String, String> FILES = Map.of(
            "/", "index.html", "/index.html", "index.html",
            "/guest", "guest.html", "/guest/", "guest.html",
            "/guest.js", "guest.js", "/media.js", "media.js", "/style.css", "style.css",
            "/api/openapi.yaml", "openapi.yaml", "/api/asyncapi.yaml", "asyncapi.yaml",
            "/favicon.ico", "favicon.ico");
    /** The console's modules, loaded natively by the browser (no build step): one file per feature. */
    private static final Pattern CONSOLE_MODULE = Pattern.compile("/console/[a-z][a-z0-9-]{0,40}\\.js");
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Override
    public void service(Request request, Response response) throws IOException {
        String uri = request.getRequestURI();
        String file = FILES.get(uri);
        if (file == null && CONSOLE_MODULE.matcher(uri).matches() && StaticFiles.class.getResource("/web" + uri) != null) {
            file = uri.substring(1);
        }
        if (file == null) {
            byte[] body = "{\"error\":\"Not found\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            response.setStatus(404);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            AnswerWriter.writeBody(response, body);
            return;
        }
        byte[] body = cache.computeIfAbsent(file, StaticFiles::read);
        response.setStatus(200);
        response.setContentType(contentType(file));
        if (!file.endsWith(".ico")) {
            response.setCharacterEncoding("UTF-8");
        }
        response.setHeader("Content-Security-Policy",
                "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; media-src 'self' blob:; "
                        + "style-src 'self' 'unsafe-inline'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(body.length);
        AnswerWriter.writeBody(response, body);
    }

    private static String contentType(String file) {
        if (file.endsWith(".js")) {
            return "text/javascript";
        }
        if (file.endsWith(".css")) {
            return "text/css";
        }
        if (file.endsWith(".yaml")) {
            return "application/yaml";
        }
        return file.endsWith(".ico") ? "image/x-icon" : "text/html";
    }

    private static byte[] read(String file) {
        try (InputStream in = StaticFiles.class.getResourceAsStream("/web/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing web asset " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
