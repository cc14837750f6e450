package com.hotelchat.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The guests' 24-hour windows inside {@link FakeCloudApi}, as WhatsApp treats a free-form message outside one: the send
 * is accepted (200, a message id), and a status webhook later reports it failed with error 131047 ("Re-engagement
 * message"). Template messages are delivered whatever the window. Webhooks go to {@link #webhooksTo} (a node's port);
 * without it the failure is never reported.
 */
public final class FakeWindows {

    private final Set<String> closed = ConcurrentHashMap.newKeySet();
    private volatile int webhookPort;

    /** The guest (WhatsApp number without '+') has not written for 24 hours. */
    public void close(String number) {
        closed.add(number);
    }

    /** Where status webhooks go. */
    public void webhooksTo(int port) {
        webhookPort = port;
    }

    void afterAccepting(JsonNode send, String whatsappMessageId) {
        String to = send.path("to").asText();
        if ("template".equals(send.path("type").asText()) || !closed.contains(to) || webhookPort == 0) {
            return;
        }
        int port = webhookPort;
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100); // after the send's answer, as WhatsApp's status comes after its acceptance
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Webhooks.post(port, Webhooks.failed(whatsappMessageId, 131047, "Re-engagement message",
                    "Message failed to send because more than 24 hours have passed since the customer last replied "
                            + "to this number."));
        });
    }
}
