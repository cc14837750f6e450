package com.hotelchat.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/**
 * The one JSON mapping of the product: snake_case fields, ISO-8601 UTC timestamps with {@code Z}.
 * Thread-safe; share one instance.
 */
public final class JsonCodec {

    /** About the number of threads that encode or parse at once: carriers, committers, bus lanes. */
    private static final int RECYCLED_BUFFER_SETS = 64;

    /**
     * Jackson recycles its parse and write buffers per thread by default, which does nothing on a node whose handlers
     * run on a new virtual thread per socket event: every parse and every encode allocated fresh 4-8 KB char buffers
     * (a fifth of a node's allocation under load, profiled). A shared pool serves any thread. Bounded, so that
     * it never keeps more buffer sets than this for good, whatever number was once in use at the same time.
     */
    private final ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newBoundedPool(RECYCLED_BUFFER_SETS)).build())
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final CommandDecoder commands = new CommandDecoder(mapper);

    public ObjectMapper mapper() {
        return mapper;
    }

    public String encode(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public Decoded<ClientCommand> decodeCommand(String text) {
        return commands.decodeStaff(text);
    }

    public Decoded<GuestCommand> decodeGuestCommand(String text) {
        return commands.decodeGuest(text);
    }

    /** Decodes a server event; for clients (tests, load generator, console), not for untrusted input. */
    public ServerEvent decodeEvent(String text) {
        try {
            JsonNode node = mapper.readTree(text);
            String type = node.path("type").asText();
            JsonNode data = node.get("data");
            return switch (type) {
                case ServerEvent.Message.TYPE -> new ServerEvent.Message(mapper.treeToValue(data, MessageData.class));
                case ServerEvent.NewConversation.TYPE ->
                        new ServerEvent.NewConversation(mapper.treeToValue(data, ConversationData.class));
                case ServerEvent.ConversationUpdated.TYPE -> new ServerEvent.ConversationUpdated(decodeUpdate(data));
                case ServerEvent.UserStatus.TYPE -> new ServerEvent.UserStatus(mapper.treeToValue(data, UserStatusData.class));
                case ServerEvent.Typing.TYPE -> new ServerEvent.Typing(mapper.treeToValue(data, TypingData.class));
                case ServerEvent.Subscribed.TYPE ->
                        new ServerEvent.Subscribed(mapper.treeToValue(data, SubscriptionData.class));
                case ServerEvent.Unsubscribed.TYPE ->
                        new ServerEvent.Unsubscribed(mapper.treeToValue(data, SubscriptionData.class));
                case ServerEvent.Error.TYPE -> new ServerEvent.Error(node.path("message").asText());
                case ServerEvent.MessageStatus.TYPE ->
                        new ServerEvent.MessageStatus(mapper.treeToValue(data, MessageStatusData.class));
                default -> throw new IllegalArgumentException("unknown event type '" + type + "'");
            };
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot decode event", e);
        }
    }

    private ConversationUpdate decodeUpdate(JsonNode update) throws JsonProcessingException {
        String type = update.path("type").asText();
        JsonNode data = update.get("data");
        return switch (type) {
            case ConversationUpdate.NewMessage.TYPE ->
                    new ConversationUpdate.NewMessage(mapper.treeToValue(data, NewMessageData.class));
            case ConversationUpdate.Closed.TYPE -> new ConversationUpdate.Closed(mapper.treeToValue(data, ClosedData.class));
            default -> throw new IllegalArgumentException("unknown conversation_update type '" + type + "'");
        };
    }
}
