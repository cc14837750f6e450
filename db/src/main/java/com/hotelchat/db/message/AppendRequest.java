package com.hotelchat.db.message;

import com.hotelchat.domain.Conversation;
import java.util.function.Predicate;

/** One message to append: to a conversation {@code visible} accepts (any other answers {@code ConversationNotFound}). */
public record AppendRequest(long conversationId, Sender sender, String content, String clientMessageId,
                            Predicate<Conversation> visible) {}
