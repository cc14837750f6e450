package com.hotelchat.node.media;

import com.hotelchat.db.media.MediaRecord;
import com.hotelchat.db.media.MediaRecords;
import com.hotelchat.node.http.AnswerWriter;
import com.hotelchat.node.http.ApiError;
import com.hotelchat.node.http.ApiResponse;
import com.hotelchat.node.http.BearerToken;
import com.hotelchat.node.http.QueryString;
import com.hotelchat.protocol.JsonCodec;
import com.hotelchat.protocol.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /media/} takes an upload (the raw file as the body, {@code ?name=} its file name; staff or guest token);
 * {@code GET /media/{id}} serves a file to whoever may see it: with a signed link, or with a token (header or
 * {@code ?token=}). Files are served as the type detected at upload, never sniffed by the browser
 * ({@code nosniff}), under a CSP that runs nothing, and as a download unless they are an image, audio or video.
 */
public final class MediaHttpHandler extends HttpHandler {

    public static final String PREFIX = "/media";
    private static final Logger log = LoggerFactory.getLogger(MediaHttpHandler.class);
    private static final Pattern FILE = Pattern.compile("/media/([^/]+)/?");
    private static final String NO_SUCH_FILE = "No such file";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final MediaService media;
    private final MediaRecords records;
    private final MediaLinks links;
    private final MediaAccess access;
    private final UploadThrottle throttle;
    private final JsonCodec codec;

    public MediaHttpHandler(MediaService media, MediaRecords records, MediaLinks links, MediaAccess access,
                            UploadThrottle throttle, JsonCodec codec) {
        this.throttle = throttle;
        this.media = media;
        this.records = records;
        this.links = links;
        this.access = access;
        this.codec = codec;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String method = request.getMethod().getMethodString();
        String path = request.getRequestURI();
        try {
            if ("POST".equals(method) && (path.equals("/media") || path.equals("/media/"))) {
                upload(request, response);
                return;
            }
            Matcher file = FILE.matcher(path);
            if (("GET".equals(method) || "HEAD".equals(method)) && file.matches()) {
                download(file.group(1), request, response, "HEAD".equals(method));
                return;
            }
            throw ApiError.notFound("No such endpoint: " + method + " " + path);
        } catch (MediaRejectedException e) {
            json(response, e.status(), Map.of("error", e.getMessage()));
        } catch (ApiError e) {
            AnswerWriter.write(response, codec, new ApiResponse(e.status(), Map.of("error", e.getMessage())),
                    e.retryAfter());
        } catch (RuntimeException e) {
            log.error("media request failed method={} path={}", method, path, e);
            json(response, 500, Map.of("error", "Internal error: the request could not be completed"));
        }
    }

    private void upload(Request request, Response response) throws IOException {
        Map<String, String> query = QueryString.parse(request.getQueryString());
        MediaAccess.Caller caller = access.caller(token(request, query))
                .orElseThrow(() -> new ApiError(401, "A valid staff or guest token is required"));
        Optional<java.time.Duration> wait = throttle.attempt(caller.uploader());
        if (wait.isPresent()) {
            throw ApiError.tooManyRequests("Too many uploads: try again in " + Math.max(1, wait.get().toMinutes())
                    + " minutes", wait.get());
        }
        String name = query.get("name");
        if (name == null && request.getHeader("X-File-Name") != null) {
            name = URLDecoder.decode(request.getHeader("X-File-Name"), StandardCharsets.UTF_8);
        }
        MediaRecord stored;
        try (InputStream body = request.getInputStream()) {
            stored = media.store(body, request.getContentLengthLong(), name, caller.uploader(), false);
        }
        json(response, 201, describe(stored));
    }

    /** The answer to an upload, and what {@code attachments} of a message refers to. */
    private Map<String, Object> describe(MediaRecord stored) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", stored.id());
        body.put("type", stored.type());
        body.put("content_type", stored.contentType());
        body.put("size", stored.sizeBytes());
        body.put("name", stored.fileName());
        body.put("url", links.link(stored.id()));
        return body;
    }

    private void download(String id, Request request, Response response, boolean headOnly) throws IOException {
        if (!Limits.MEDIA_ID.matcher(id).matches()) {
            throw ApiError.notFound(NO_SUCH_FILE);
        }
        Map<String, String> query = QueryString.parse(request.getQueryString());
        boolean signed = links.valid(id, query.get("expires"), query.get("sig"));
        Optional<MediaAccess.Caller> caller = signed ? Optional.empty() : access.caller(token(request, query));
        if (!signed && caller.isEmpty()) {
            throw new ApiError(401, query.get("sig") != null
                    ? "This link has expired or is not valid: open the conversation again for a fresh one"
                    : "A signed link or a valid token is required");
        }
        MediaRecord file = records.find(id).filter(m -> signed || access.maySee(caller.get(), m))
                .orElseThrow(() -> ApiError.notFound(NO_SUCH_FILE));
        long from = 0;
        long to = file.sizeBytes() - 1;
        Matcher range = RANGE.matcher(String.valueOf(request.getHeader("Range")));
        boolean partial = range.matches() && !(range.group(1).isEmpty() && range.group(2).isEmpty());
        if (partial) {
            if (range.group(1).isEmpty()) {
                from = Math.max(0, file.sizeBytes() - Long.parseLong(range.group(2)));
            } else {
                from = Long.parseLong(range.group(1));
                to = range.group(2).isEmpty() ? to : Math.min(to, Long.parseLong(range.group(2)));
            }
            if (from > to || from >= file.sizeBytes()) {
                response.setHeader("Content-Range", "bytes */" + file.sizeBytes());
                json(response, 416, Map.of("error", "The requested range is outside the file"));
                return;
            }
            response.setStatus(206);
            response.setHeader("Content-Range", "bytes " + from + "-" + to + "/" + file.sizeBytes());
        } else {
            response.setStatus(200);
        }
        response.setContentType(file.contentType());
        response.setContentLengthLong(to - from + 1);
        response.setHeader("Accept-Ranges", "bytes");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy",
                "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox");
        response.setHeader("Content-Disposition",
                FileNames.disposition(MediaType.inline(file.type()) ? "inline" : "attachment", file.fileName()));
        response.setHeader("Cache-Control", "private, max-age=3600");
        response.setHeader("ETag", "\"" + file.sha256() + "\"");
        if (headOnly) {
            return;
        }
        try (InputStream in = media.open(file); OutputStream out = response.getOutputStream()) {
            in.skipNBytes(from);
            long left = to - from + 1;
            byte[] buffer = new byte[64 * 1024];
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    /** A bearer token in the header, else {@code ?token=} (for links a browser opens). */
    private static String token(Request request, Map<String, String> query) {
        String bearer = BearerToken.of(request.getHeader("Authorization"));
        return bearer != null ? bearer : query.get("token");
    }

    private void json(Response response, int status, Object body) throws IOException {
        AnswerWriter.write(response, codec, new ApiResponse(status, body), null);
    }
}
