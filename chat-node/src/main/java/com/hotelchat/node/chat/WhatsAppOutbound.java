package com.hotelchat.node.chat;

/** Whether staff replies also go to guests over WhatsApp, and how to wake the sender when one is queued. */
public interface WhatsAppOutbound {

    boolean enabled();

    /** A reply was committed to the outbox; send it soon. */
    void queued();

    WhatsAppOutbound DISABLED = new WhatsAppOutbound() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void queued() {
        }
    };
}
