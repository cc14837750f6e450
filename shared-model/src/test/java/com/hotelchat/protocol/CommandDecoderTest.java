package com.hotelchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Malformed commands become one clear sentence each, never an exception. */
class CommandDecoderTest {

    private final JsonCodec codec = new JsonCodec();

    private String errorOf(String frame) {
        return assertInstanceOf(Decoded.ProtocolError.class, codec.decodeCommand(frame)).message();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            not json at all                                                  | Invalid JSON: the frame could not be parsed
            {"type": "text"                                                  | Invalid JSON: the frame could not be parsed
            [1, 2]                                                           | A command must be a JSON object
            42                                                               | A command must be a JSON object
            {"conversation_id": 1}                                           | Missing 'type': every command needs a type
            {"type": null, "conversation_id": 1}                             | Missing 'type': every command needs a type
            {"type": 7, "conversation_id": 1}                                | 'type' must be a string
            {"type": "dance", "conversation_id": 1}                          | Unknown command type 'dance'
            {"type": "mark_read"}                                            | 'conversation_id' is required
            {"type": "mark_read", "conversation_id": "12"}                   | 'conversation_id' must be a positive integer
            {"type": "mark_read", "conversation_id": 1.5}                    | 'conversation_id' must be a positive integer
            {"type": "mark_read", "conversation_id": true}                   | 'conversation_id' must be a positive integer
            {"type": "mark_read", "conversation_id": -3}                     | 'conversation_id' must be a positive integer
            {"type": "mark_read", "conversation_id": 0}                      | 'conversation_id' must be a positive integer
            {"type": "mark_read", "conversation_id": 99999999999999999999999} | 'conversation_id' must be a positive integer
            {"type": "typing", "conversation_id": 1}                         | 'is_typing' must be true or false
            {"type": "typing", "conversation_id": 1, "is_typing": "yes"}     | 'is_typing' must be true or false
            {"type": "typing", "conversation_id": 1, "is_typing": 1}         | 'is_typing' must be true or false
            {"type": "typing", "conversation_id": 1, "is_typing": true, "private": "yes"} | 'private' must be true or false
            {"type": "typing", "conversation_id": 1, "is_typing": true, "private": 1}     | 'private' must be true or false
            {"type": "note", "conversation_id": 1, "content": "x", "attachments": "abc"}  | 'attachments' must be an array of upload ids
            {"type": "note", "conversation_id": 1, "attachments": []}                     | 'content' is required
            {"type": "text", "conversation_id": 1}                           | 'content' is required
            {"type": "text", "conversation_id": 1, "content": 5}             | 'content' must be a string
            {"type": "text", "conversation_id": 1, "content": ""}            | Message content must not be empty
            {"type": "text", "conversation_id": 1, "content": "  \\n\\t "}   | Message content must not be empty
            {"type": "text", "conversation_id": 1, "content": "x", "client_message_id": 5} | 'client_message_id' must be a non-empty string
            {"type": "text", "conversation_id": 1, "content": "a\\u0000b"}     | Message content must not contain the NUL character (U+0000)
            {"type": "text", "conversation_id": 1, "content": "x", "client_message_id": "k\\u0000"} | 'client_message_id' must not contain the NUL character (U+0000)
            {"type": "subscribe_conversation", "conversation_id": 1, "last_message_id": "a"} | 'last_message_id' must be a non-negative integer
            {"type": "ping", "id": 5}                                        | 'id' of a ping must be a string of at most 64 characters
            {"type": "ping", "id": {"a": 1}}                                 | 'id' of a ping must be a string of at most 64 characters
            """)
    void malformedCommandGivesClearError(String frame, String expected) {
        assertEquals(expected, errorOf(frame));
    }

    @Test
    void contentOverLimitIsRejected() {
        String content = "x".repeat(Limits.MAX_CONTENT_CHARS + 1);
        assertEquals("Message content must be at most 4096 characters",
                errorOf("{\"type\":\"text\",\"conversation_id\":1,\"content\":\"" + content + "\"}"));
    }

    @Test
    void contentAtLimitIsAccepted() {
        String content = "x".repeat(Limits.MAX_CONTENT_CHARS);
        Decoded<ClientCommand> decoded =
                codec.decodeCommand("{\"type\":\"text\",\"conversation_id\":1,\"content\":\"" + content + "\"}");
        assertEquals(content, ((ClientCommand.SendText) assertInstanceOf(Decoded.Ok.class, decoded).value()).content());
    }

    @Test
    void clientMessageIdOverLimitIsRejected() {
        String id = "k".repeat(Limits.MAX_CLIENT_MESSAGE_ID_CHARS + 1);
        assertEquals("'client_message_id' must be at most 64 characters",
                errorOf("{\"type\":\"text\",\"conversation_id\":1,\"content\":\"hi\",\"client_message_id\":\"" + id + "\"}"));
    }

    @Test
    void privateTypingIsDecodedAndEncodedWithItsFlagAndPublicTypingKeepsTheSeedsShape() {
        ClientCommand.Typing typing = (ClientCommand.Typing) assertInstanceOf(Decoded.Ok.class, codec.decodeCommand(
                "{\"type\":\"typing\",\"conversation_id\":4,\"is_typing\":true,\"private\":true}")).value();
        assertEquals(new ClientCommand.Typing(4, true, true), typing);
        assertEquals("{\"type\":\"typing\",\"conversation_id\":4,\"is_typing\":true,\"private\":true}", codec.encode(typing));
        assertEquals(new ClientCommand.Typing(4, false), assertInstanceOf(Decoded.Ok.class, codec.decodeCommand(
                "{\"type\":\"typing\",\"conversation_id\":4,\"is_typing\":false,\"private\":null}")).value());
        assertEquals("{\"type\":\"typing\",\"conversation_id\":4,\"is_typing\":false}",
                codec.encode(new ClientCommand.Typing(4, false)));
    }

    @Test
    void aNoteCarriesAttachmentsAndMayThenHaveNoContent() {
        String id = "a".repeat(20);
        assertEquals(new ClientCommand.Note(7, "", null, java.util.List.of(id)),
                assertInstanceOf(Decoded.Ok.class, codec.decodeCommand(
                        "{\"type\":\"note\",\"conversation_id\":7,\"attachments\":[\"" + id + "\"]}")).value());
        String eleven = String.join(",", java.util.Collections.nCopies(11, "\"" + id + "\""));
        assertEquals("At most 10 attachments per message",
                errorOf("{\"type\":\"note\",\"conversation_id\":7,\"content\":\"x\",\"attachments\":[" + eleven + "]}"));
    }

    @Test
    void unknownExtraFieldsAreIgnored() {
        assertEquals(new ClientCommand.MarkRead(5),
                assertInstanceOf(Decoded.Ok.class, codec.decodeCommand("{\"type\":\"mark_read\",\"conversation_id\":5,\"x\":1}")).value());
    }

    @Test
    void guestCommandsNeedNoConversationId() {
        assertEquals(new GuestCommand.GuestText("hello", null),
                assertInstanceOf(Decoded.Ok.class, codec.decodeGuestCommand("{\"type\":\"text\",\"content\":\"hello\"}")).value());
        assertEquals("Unknown command type 'close_conversation'",
                assertInstanceOf(Decoded.ProtocolError.class,
                        codec.decodeGuestCommand("{\"type\":\"close_conversation\",\"conversation_id\":1}")).message());
    }

    @Test
    void aPingNeedsNoConversationOnEitherSocketAndItsPongEchoesItsId() {
        String id = "p".repeat(Limits.MAX_PING_ID_CHARS);
        Ping ping = (Ping) assertInstanceOf(Decoded.Ok.class,
                codec.decodeCommand("{\"type\":\"ping\",\"id\":\"" + id + "\"}")).value();
        assertEquals(new Ping(id), ping);
        assertEquals(new Ping(null), assertInstanceOf(Decoded.Ok.class, codec.decodeGuestCommand("{\"type\":\"ping\"}")).value());
        assertEquals("{\"type\":\"pong\",\"id\":\"" + id + "\"}", codec.encode(ServerEvent.Pong.to(ping)));
        assertEquals("{\"type\":\"pong\"}", codec.encode(ServerEvent.Pong.to(new Ping(null))));
        assertEquals("'id' of a ping must be a string of at most 64 characters",
                assertInstanceOf(Decoded.ProtocolError.class,
                        codec.decodeGuestCommand("{\"type\":\"ping\",\"id\":\"" + id + "x\"}")).message());
    }
}
