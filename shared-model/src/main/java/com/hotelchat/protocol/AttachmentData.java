package com.hotelchat.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A file in a {@code message} event: what a client needs to show it. {@code url} is a short-lived signed link (absent
 * when the file is not available); {@code available} is false only for a file that never arrived.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttachmentData(String id, String type, String contentType, long size, String name, String url,
                             boolean available) {}
