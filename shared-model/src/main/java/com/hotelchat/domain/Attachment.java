package com.hotelchat.domain;

/**
 * A file a message carries: {@code id} names the stored media (null when it could not be fetched), {@code type} is
 * one of {@link #TYPES}, {@code contentType} the type detected from the bytes. {@code available} is false when the
 * file never arrived (a WhatsApp media fetch that kept failing): the message is kept, the file marked missing.
 */
public record Attachment(String id, String type, String contentType, long size, String name, boolean available) {

    public static final String IMAGE = "image";
    public static final String AUDIO = "audio";
    public static final String VIDEO = "video";
    public static final String DOCUMENT = "document";
    public static final String STICKER = "sticker";
    public static final java.util.List<String> TYPES = java.util.List.of(IMAGE, AUDIO, VIDEO, DOCUMENT, STICKER);

    public static Attachment unavailable(String type, String contentType, String name) {
        return new Attachment(null, type, contentType, 0, name, false);
    }
}
