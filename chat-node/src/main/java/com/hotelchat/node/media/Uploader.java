package com.hotelchat.node.media;

/** Who stored a file: a staff user, a web-chat guest (their guest id), or WhatsApp (a guest's inbound media). */
public record Uploader(String type, Long id) {

    public static Uploader staff(long userId) {
        return new Uploader("staff", userId);
    }

    public static Uploader guest(long guestId) {
        return new Uploader("guest", guestId);
    }

    /** A guest's file fetched from WhatsApp: it is put on the guest's message by the inbox, never claimed. */
    public static Uploader whatsApp() {
        return new Uploader("whatsapp", null);
    }
}
