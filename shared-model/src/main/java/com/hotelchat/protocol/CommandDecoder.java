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
            if (type.equals(Ping.TYPE)) {
                return Decoded.ok(ping(node));
            }
            long conversationId = conversationId(node);
            ClientCommand command = switch (type) {
                case "subscribe_conversation" ->
                        new ClientCommand.Subscribe(conversationId, optionalId(node, "last_message_id"));
                case "unsubscribe_conversation" -> new ClientCommand.Unsubscribe(conversationId);
                case "text" -> {
                    Body body = body(node);
                    yield new ClientCommand.SendText(conversationId, body.content(), clientMessageId(node),
                            body.attachments());
                }
                case "note" -> {
                    Body body = body(node);
                    yield new ClientCommand.Note(conversationId, body.content(), clientMessageId(node),
                            body.attachments());
                }
                case "mark_read" -> new ClientCommand.MarkRead(conversationId);
                case "typing" -> new ClientCommand.Typing(conversationId, isTyping(node), privateTyping(node));
                case "close_conversation" -> new ClientCommand.CloseConversation(conversationId);
                case "assign_conversation" ->
                        new ClientCommand.Assign(conversationId, assignee(node), expectedVersion(node));
                case "set_conversation_status" -> status(node, conversationId);
                case "transfer_conversation" ->
                        new ClientCommand.Transfer(conversationId, department(node), note(node), expectedVersion(node));
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
                case "text" -> {
                    Body body = body(node);
                    yield new GuestCommand.GuestText(body.content(), clientMessageId(node), body.attachments());
                }
                case "typing" -> new GuestCommand.GuestTyping(isTyping(node));
                case Ping.TYPE -> ping(node);
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

    /** What a text or a note carries: its files, and its content (their caption, which may then be empty). */
    private record Body(String content, java.util.List<String> attachments) {}

    private static Body body(JsonNode node) {
        java.util.List<String> attachments = attachments(node);
        return new Body(content(node, !attachments.isEmpty()), attachments);
    }

    /** With {@code mayBeEmpty} (a message with files: the text is their caption) a missing or blank content is "". */
    private static String content(JsonNode node, boolean mayBeEmpty) {
        JsonNode content = node.get("content");
        if (content == null || content.isNull()) {
            if (mayBeEmpty) {
                return "";
            }
            throw new Invalid("'content' is required");
        }
        if (!content.isTextual()) {
            throw new Invalid("'content' must be a string");
        }
        String text = content.asText();
        if (text.isBlank()) {
            if (mayBeEmpty) {
                return "";
            }
            throw new Invalid("Message content must not be empty");
        }
        if (text.length() > Limits.MAX_CONTENT_CHARS) {
            throw new Invalid("Message content must be at most " + Limits.MAX_CONTENT_CHARS + " characters");
        }
        return withoutNul("Message content", text);
    }

    private static java.util.List<String> attachments(JsonNode node) {
        JsonNode list = node.get("attachments");
        if (list == null || list.isNull()) {
            return java.util.List.of();
        }
        if (!list.isArray()) {
            throw new Invalid("'attachments' must be an array of upload ids");
        }
        if (list.size() > Limits.MAX_ATTACHMENTS) {
            throw new Invalid("At most " + Limits.MAX_ATTACHMENTS + " attachments per message");
        }
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (JsonNode id : list) {
            if (!id.isTextual() || !Limits.MEDIA_ID.matcher(id.asText()).matches()) {
                throw new Invalid("'attachments' must hold upload ids as the media endpoint returned them");
            }
            if (ids.contains(id.asText())) {
                throw new Invalid("'attachments' names the same upload twice");
            }
            ids.add(id.asText());
        }
        return java.util.List.copyOf(ids);
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
        return withoutNul("'client_message_id'", id.asText());
    }

    /** PostgreSQL stores no NUL in text: refused here, clearly, rather than failing the commit it would share. */
    private static String withoutNul(String what, String text) {
        if (Limits.containsNul(text)) {
            throw new Invalid(what + " must not contain the NUL character (U+0000)");
        }
        return text;
    }

    private static boolean isTyping(JsonNode node) {
        JsonNode typing = node.get("is_typing");
        if (typing == null || !typing.isBoolean()) {
            throw new Invalid("'is_typing' must be true or false");
        }
        return typing.asBoolean();
    }

    /** Not in the seed: {@code "private": true} on staff typing; absent or null means a public one. */
    private static boolean privateTyping(JsonNode node) {
        JsonNode flag = node.get("private");
        if (flag == null || flag.isNull()) {
            return false;
        }
        if (!flag.isBoolean()) {
            throw new Invalid("'private' must be true or false");
        }
        return flag.asBoolean();
    }

    private static Long assignee(JsonNode node) {
        if (!node.has("user_id")) {
            throw new Invalid("'user_id' is required: a staff member's id, or null to unassign");
        }
        JsonNode id = node.get("user_id");
        if (id.isNull()) {
            return null;
        }
        if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
            throw new Invalid("'user_id' must be a positive integer or null");
        }
        return id.asLong();
    }

    /** The heartbeat: its optional {@code id} is any string up to {@link Limits#MAX_PING_ID_CHARS} characters. */
    private static Ping ping(JsonNode node) {
        JsonNode id = node.get("id");
        if (id == null || id.isNull()) {
            return new Ping(null);
        }
        if (!id.isTextual() || id.asText().length() > Limits.MAX_PING_ID_CHARS) {
            throw new Invalid("'id' of a ping must be a string of at most " + Limits.MAX_PING_ID_CHARS + " characters");
        }
        return new Ping(id.asText());
    }

    /** Optional: the conversation's version the change is meant for. */
    private static Long expectedVersion(JsonNode node) {
        JsonNode version = node.get("expected_version");
        if (version == null || version.isNull()) {
            return null;
        }
        if (!version.isIntegralNumber() || !version.canConvertToLong() || version.asLong() <= 0) {
            throw new Invalid("'expected_version' must be a positive integer (a conversation's version)");
        }
        return version.asLong();
    }

    private static ClientCommand.SetStatus status(JsonNode node, long conversationId) {
        JsonNode status = node.get("status");
        if (status == null || !status.isTextual() || !Limits.SETTABLE_STATUSES.contains(status.asText())) {
            throw new Invalid("'status' must be one of " + String.join(", ", Limits.SETTABLE_STATUSES));
        }
        JsonNode until = node.get("snoozed_until");
        boolean snoozing = status.asText().equals("snoozed");
        if (!snoozing) {
            if (until != null && !until.isNull()) {
                throw new Invalid("'snoozed_until' is only for status 'snoozed'");
            }
            return new ClientCommand.SetStatus(conversationId, status.asText(), null, expectedVersion(node));
        }
        if (until == null || !until.isTextual()) {
            throw new Invalid("'snoozed_until' is required to snooze: an ISO-8601 time like 2026-12-01T09:00:00Z");
        }
        try {
            return new ClientCommand.SetStatus(conversationId, "snoozed",
                    java.time.OffsetDateTime.parse(until.asText()).toInstant(), expectedVersion(node));
        } catch (java.time.format.DateTimeParseException e) {
            throw new Invalid("'snoozed_until' must be an ISO-8601 time with an offset, like 2026-12-01T09:00:00Z");
        }
    }

    private static String department(JsonNode node) {
        JsonNode department = node.get("department");
        if (department == null || !department.isTextual() || !Limits.DEPARTMENT_NAME.matcher(department.asText()).matches()) {
            throw new Invalid("'department' must be a department name (1-64 of a-z, 0-9, '_' or '-')");
        }
        return department.asText();
    }

    private static String note(JsonNode node) {
        JsonNode note = node.get("note");
        if (note == null || note.isNull()) {
            return null;
        }
        if (!note.isTextual() || note.asText().length() > Limits.MAX_NOTE_CHARS) {
            throw new Invalid("'note' must be a string of at most " + Limits.MAX_NOTE_CHARS + " characters");
        }
        return note.asText().isBlank() ? null : note.asText().strip();
    }

    /** Control flow for a rejected field; never leaves this class. */
    private static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }
}
