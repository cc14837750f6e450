package com.hotelchat.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Strict decoding of untrusted client frames. Every malformed input yields a {@link Decoded.ProtocolError}
 * whose message names the field and what is wrong with it; no Jackson text ever reaches a client.
 * Unknown extra fields are ignored so that newer clients keep working.
 */
final class CommandDecoder {

    private final ObjectMapper mapper;

    CommandDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    Decoded<ClientCommand> decodeStaff(String text) {
        try {
            JsonNode node = parseObject(text);
            String type = requiredType(node);
            long conversationId = conversationId(node);
            ClientCommand command = switch (type) {
                case "subscribe_conversation" ->
                        new ClientCommand.Subscribe(conversationId, optionalId(node, "last_message_id"));
                case "unsubscribe_conversation" -> new ClientCommand.Unsubscribe(conversationId);
                case "text" -> new ClientCommand.SendText(conversationId, content(node), clientMessageId(node));
                case "mark_read" -> new ClientCommand.MarkRead(conversationId);
                case "typing" -> new ClientCommand.Typing(conversationId, isTyping(node));
                case "close_conversation" -> new ClientCommand.CloseConversation(conversationId);
                default -> throw new Invalid("Unknown command type '" + type + "'");
            };
            return Decoded.ok(command);
        } catch (Invalid e) {
            return Decoded.error(e.getMessage());
        }
    }

    Decoded<GuestCommand> decodeGuest(String text) {
        try {
            JsonNode node = parseObject(text);
            String type = requiredType(node);
            GuestCommand command = switch (type) {
                case "text" -> new GuestCommand.GuestText(content(node), clientMessageId(node));
                case "typing" -> new GuestCommand.GuestTyping(isTyping(node));
                default -> throw new Invalid("Unknown command type '" + type + "'");
            };
            return Decoded.ok(command);
        } catch (Invalid e) {
            return Decoded.error(e.getMessage());
        }
    }

    private JsonNode parseObject(String text) {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Invalid("Invalid JSON: the frame could not be parsed");
        }
        if (node == null || !node.isObject()) {
            throw new Invalid("A command must be a JSON object");
        }
        return node;
    }

    private static String requiredType(JsonNode node) {
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) {
            throw new Invalid("Missing 'type': every command needs a type");
        }
        if (!type.isTextual()) {
            throw new Invalid("'type' must be a string");
        }
        return type.asText();
    }

    private static long conversationId(JsonNode node) {
        JsonNode id = node.get("conversation_id");
        if (id == null || id.isNull()) {
            throw new Invalid("'conversation_id' is required");
        }
        if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
            throw new Invalid("'conversation_id' must be a positive integer");
        }
        return id.asLong();
    }

    private static Long optionalId(JsonNode node, String field) {
        JsonNode id = node.get(field);
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() < 0) {
            throw new Invalid("'" + field + "' must be a non-negative integer");
        }
        return id.asLong();
    }

    private static String content(JsonNode node) {
        JsonNode content = node.get("content");
        if (content == null || content.isNull()) {
            throw new Invalid("'content' is required");
        }
        if (!content.isTextual()) {
            throw new Invalid("'content' must be a string");
        }
        String text = content.asText();
        if (text.isBlank()) {
            throw new Invalid("Message content must not be empty");
        }
        if (text.length() > Limits.MAX_CONTENT_CHARS) {
            throw new Invalid("Message content must be at most " + Limits.MAX_CONTENT_CHARS + " characters");
        }
        return text;
    }

    private static String clientMessageId(JsonNode node) {
        JsonNode id = node.get("client_message_id");
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isTextual() || id.asText().isEmpty()) {
            throw new Invalid("'client_message_id' must be a non-empty string");
        }
        if (id.asText().length() > Limits.MAX_CLIENT_MESSAGE_ID_CHARS) {
            throw new Invalid("'client_message_id' must be at most " + Limits.MAX_CLIENT_MESSAGE_ID_CHARS + " characters");
        }
        return id.asText();
    }

    private static boolean isTyping(JsonNode node) {
        JsonNode typing = node.get("is_typing");
        if (typing == null || !typing.isBoolean()) {
            throw new Invalid("'is_typing' must be true or false");
        }
        return typing.asBoolean();
    }

    /** Control flow for a rejected field; never leaves this class. */
    private static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }
}
