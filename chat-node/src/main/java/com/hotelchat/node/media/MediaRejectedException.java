package com.hotelchat.node.media;

/** A file that is not accepted, with the HTTP status and the reason the uploader is told; nothing was stored. */
public final class MediaRejectedException extends RuntimeException {

    private final int status;

    public MediaRejectedException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
