package com.hotelchat.domain;

import java.util.List;

/**
 * What a message carries besides its text: files, a location, or the WhatsApp template it was sent as (its content is
 * then the template's text as the guest reads it). Null on a message that carries none of them.
 */
public record MessageMedia(List<Attachment> attachments, Location location, TemplateUse template) {

    public MessageMedia {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public static MessageMedia of(List<Attachment> attachments) {
        return attachments.isEmpty() ? null : new MessageMedia(attachments, null, null);
    }

    public static MessageMedia at(Location location) {
        return new MessageMedia(List.of(), location, null);
    }

    public static MessageMedia sentAs(TemplateUse template) {
        return new MessageMedia(List.of(), null, template);
    }

    /** A short text for previews and for the guest's WhatsApp when there is no caption: "[image] photo.jpg". */
    public String describe() {
        if (template != null) {
            return "[template] " + template.name();
        }
        if (location != null) {
            return "[location]" + (location.name() == null ? "" : " " + location.name());
        }
        Attachment first = attachments.get(0);
        String more = attachments.size() > 1 ? " +" + (attachments.size() - 1) : "";
        return "[" + first.type() + "]" + (first.name() == null || first.name().isBlank() ? "" : " " + first.name()) + more;
    }
}
