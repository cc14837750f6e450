package com.hotelchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every JSON example of websocket-api.md, decoded and encoded again, comes out exactly as written. */
class SeedExamplesRoundTripTest {

    private final JsonCodec codec = new JsonCodec();

    private JsonNode tree(String json) throws Exception {
        return codec.mapper().readTree(json);
    }

    private ClientCommand roundTripCommand(String json) throws Exception {
        Decoded<ClientCommand> decoded = codec.decodeCommand(json);
        ClientCommand command = assertInstanceOf(Decoded.Ok.class, decoded).value() instanceof ClientCommand c ? c : null;
        assertEquals(tree(json), tree(codec.encode(command)));
        return command;
    }

    private ServerEvent roundTripEvent(String json) throws Exception {
        ServerEvent event = codec.decodeEvent(json);
        assertEquals(tree(json), tree(codec.encode(event)));
        return event;
    }

    @Test
    void subscribeConversation() throws Exception {
        ClientCommand c = roundTripCommand("""
                {"type": "subscribe_conversation", "conversation_id": 123}""");
        assertEquals(new ClientCommand.Subscribe(123, null), c);
    }

    @Test
    void subscribeConversationWithResumePoint() throws Exception {
        ClientCommand c = roundTripCommand("""
                {"type": "subscribe_conversation", "conversation_id": 123, "last_message_id": 455}""");
        assertEquals(new ClientCommand.Subscribe(123, 455L), c);
    }

    @Test
    void unsubscribeConversation() throws Exception {
        assertEquals(new ClientCommand.Unsubscribe(123), roundTripCommand("""
                {"type": "unsubscribe_conversation", "conversation_id": 123}"""));
    }

    @Test
    void sendTextMessage() throws Exception {
        assertEquals(new ClientCommand.SendText(123, "Hello, how can I help you?", null), roundTripCommand("""
                {"type": "text", "conversation_id": 123, "content": "Hello, how can I help you?"}"""));
    }

    @Test
    void sendTextMessageWithClientMessageId() throws Exception {
        assertEquals(new ClientCommand.SendText(123, "Hi", "c-1"), roundTripCommand("""
                {"type": "text", "conversation_id": 123, "content": "Hi", "client_message_id": "c-1"}"""));
    }

    @Test
    void markRead() throws Exception {
        assertEquals(new ClientCommand.MarkRead(123), roundTripCommand("""
                {"type": "mark_read", "conversation_id": 123}"""));
    }

    @Test
    void typingIndicatorCommand() throws Exception {
        assertEquals(new ClientCommand.Typing(123, true), roundTripCommand("""
                {"type": "typing", "conversation_id": 123, "is_typing": true}"""));
    }

    @Test
    void closeConversation() throws Exception {
        assertEquals(new ClientCommand.CloseConversation(123), roundTripCommand("""
                {"type": "close_conversation", "conversation_id": 123}"""));
    }

    @Test
    void newMessageEvent() throws Exception {
        ServerEvent e = roundTripEvent("""
                {
                  "type": "message",
                  "data": {
                    "id": 456,
                    "conversation_id": 123,
                    "sender_type": "staff",
                    "sender_name": "John Doe",
                    "content": "Hello!",
                    "created_at": "2024-01-01T12:00:00Z",
                    "guest_info": {
                      "id": 789,
                      "name": "Guest Name",
                      "room_number": "101"
                    }
                  }
                }""");
        MessageData data = assertInstanceOf(ServerEvent.Message.class, e).data();
        assertEquals(Instant.parse("2024-01-01T12:00:00Z"), data.createdAt());
        assertEquals("101", data.guestInfo().roomNumber());
    }

    @Test
    void newConversationEvent() throws Exception {
        ServerEvent e = roundTripEvent("""
                {
                  "type": "new_conversation",
                  "data": {
                    "id": 123,
                    "guest_name": "Guest Name",
                    "department": "reception",
                    "conversation_type": "general",
                    "status": "active",
                    "created_at": "2024-01-01T12:00:00Z",
                    "last_message_preview": "Hello, I need help"
                  }
                }""");
        assertEquals("general", assertInstanceOf(ServerEvent.NewConversation.class, e).data().conversationType());
    }

    @Test
    void conversationUpdateNewMessageEvent() throws Exception {
        ServerEvent e = roundTripEvent("""
                {
                  "type": "conversation_update",
                  "data": {
                    "type": "new_message",
                    "data": {
                      "conversation_id": 123,
                      "guest_name": "Guest Name",
                      "department": "reception",
                      "last_message_preview": "Thank you!",
                      "last_message_at": "2024-01-01T12:05:00Z",
                      "message_from": "Guest Name"
                    }
                  }
                }""");
        ConversationUpdate update = assertInstanceOf(ServerEvent.ConversationUpdated.class, e).data();
        assertEquals("Guest Name", assertInstanceOf(ConversationUpdate.NewMessage.class, update).data().messageFrom());
    }

    @Test
    void conversationClosedEvent() throws Exception {
        ServerEvent e = roundTripEvent("""
                {
                  "type": "conversation_update",
                  "data": {
                    "type": "closed",
                    "data": {
                      "id": 123,
                      "guest_name": "Guest Name",
                      "department": "reception",
                      "status": "closed",
                      "updated_at": "2024-01-01T12:10:00Z"
                    }
                  }
                }""");
        ConversationUpdate update = assertInstanceOf(ServerEvent.ConversationUpdated.class, e).data();
        assertEquals("closed", assertInstanceOf(ConversationUpdate.Closed.class, update).data().status());
    }

    @Test
    void userStatusEvent() throws Exception {
        ServerEvent e = roundTripEvent("""
                {
                  "type": "user_status",
                  "data": {
                    "type": "user_connected",
                    "user_id": 456,
                    "user_name": "John Doe",
                    "department": "reception"
                  }
                }""");
        assertEquals(UserStatusData.CONNECTED, assertInstanceOf(ServerEvent.UserStatus.class, e).data().type());
    }

    @Test
    void typingIndicatorEvent() throws Exception {
        ServerEvent e = roundTripEvent("""
                {
                  "type": "typing",
                  "data": {
                    "conversation_id": 123,
                    "user_id": 456,
                    "user_name": "John Doe",
                    "is_typing": true
                  }
                }""");
        assertEquals(true, assertInstanceOf(ServerEvent.Typing.class, e).data().isTyping());
    }

    @Test
    void subscribedConfirmation() throws Exception {
        String json = """
                {
                  "type": "subscribed",
                  "data": {
                    "conversation_id": 123,
                    "message": "Successfully subscribed to conversation"
                  }
                }""";
        roundTripEvent(json);
        assertEquals(tree(json), tree(codec.encode(ServerEvent.Subscribed.to(123))));
    }

    @Test
    void unsubscribedConfirmation() throws Exception {
        String json = """
                {
                  "type": "unsubscribed",
                  "data": {
                    "conversation_id": 123,
                    "message": "Successfully unsubscribed from conversation"
                  }
                }""";
        roundTripEvent(json);
        assertEquals(tree(json), tree(codec.encode(ServerEvent.Unsubscribed.from(123))));
    }

    @Test
    void errorMessage() throws Exception {
        ServerEvent e = roundTripEvent("""
                {"type": "error", "message": "Error description"}""");
        assertEquals("Error description", assertInstanceOf(ServerEvent.Error.class, e).message());
    }
}
