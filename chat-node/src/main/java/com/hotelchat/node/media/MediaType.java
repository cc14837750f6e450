package com.hotelchat.node.media;

import com.hotelchat.domain.Attachment;
import java.util.Map;
import java.util.Optional;

/**
 * The files the product accepts, by the content type detected from their bytes: each is an image, audio, video or
 * document with WhatsApp's own size limit for that kind (images 5 MB, audio and video 16 MB, documents 100 MB;
 * stickers 500 KB). Anything else is refused, whatever name or type the client gave it.
 */
public record MediaType(String contentType, String type, long maxBytes, String extension) {

    static final long MB = 1000L * 1000;
    public static final long LARGEST = 100 * MB;

    private static final Map<String, MediaType> ALLOWED = Map.ofEntries(
            entry("image/jpeg", Attachment.IMAGE, 5 * MB, "jpg"),
            entry("image/png", Attachment.IMAGE, 5 * MB, "png"),
            entry("image/webp", Attachment.IMAGE, 5 * MB, "webp"),
            entry("audio/aac", Attachment.AUDIO, 16 * MB, "aac"),
            entry("audio/mp4", Attachment.AUDIO, 16 * MB, "m4a"),
            entry("audio/mpeg", Attachment.AUDIO, 16 * MB, "mp3"),
            entry("audio/amr", Attachment.AUDIO, 16 * MB, "amr"),
            entry("audio/ogg", Attachment.AUDIO, 16 * MB, "ogg"),
            // An Ogg stream whose codec the detector does not name: WhatsApp voice notes are Ogg Opus.
            Map.entry("application/ogg", new MediaType("audio/ogg", Attachment.AUDIO, 16 * MB, "ogg")),
            entry("audio/opus", Attachment.AUDIO, 16 * MB, "ogg"),
            entry("audio/vorbis", Attachment.AUDIO, 16 * MB, "ogg"),
            entry("audio/webm", Attachment.AUDIO, 16 * MB, "webm"),
            entry("audio/wav", Attachment.AUDIO, 16 * MB, "wav"),
            entry("audio/vnd.wave", Attachment.AUDIO, 16 * MB, "wav"),
            entry("video/mp4", Attachment.VIDEO, 16 * MB, "mp4"),
            entry("video/3gpp", Attachment.VIDEO, 16 * MB, "3gp"),
            entry("video/webm", Attachment.VIDEO, 16 * MB, "webm"),
            entry("video/quicktime", Attachment.VIDEO, 16 * MB, "mov"),
            entry("application/pdf", Attachment.DOCUMENT, 100 * MB, "pdf"),
            entry("text/plain", Attachment.DOCUMENT, 100 * MB, "txt"),
            entry("text/csv", Attachment.DOCUMENT, 100 * MB, "csv"),
            entry("application/msword", Attachment.DOCUMENT, 100 * MB, "doc"),
            entry("application/vnd.ms-excel", Attachment.DOCUMENT, 100 * MB, "xls"),
            entry("application/vnd.ms-powerpoint", Attachment.DOCUMENT, 100 * MB, "ppt"),
            entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", Attachment.DOCUMENT,
                    100 * MB, "docx"),
            entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Attachment.DOCUMENT, 100 * MB,
                    "xlsx"),
            entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", Attachment.DOCUMENT,
                    100 * MB, "pptx"));

    private static Map.Entry<String, MediaType> entry(String contentType, String type, long maxBytes, String extension) {
        return Map.entry(contentType, new MediaType(contentType, type, maxBytes, extension));
    }

    public static Optional<MediaType> of(String detectedContentType) {
        return Optional.ofNullable(ALLOWED.get(detectedContentType));
    }

    /** A WhatsApp sticker: a WebP image of at most 500 KB (animated ones too). */
    public MediaType asSticker() {
        return new MediaType(contentType, Attachment.STICKER, 500 * 1000, extension);
    }

    /** Whether a browser may show it inline; everything else is served as a download. */
    public static boolean inline(String type) {
        return !Attachment.DOCUMENT.equals(type);
    }

    public static String describeLimits() {
        return "images up to 5 MB (JPEG, PNG, WebP), audio and video up to 16 MB, documents up to 100 MB "
                + "(PDF, text, Office)";
    }
}
