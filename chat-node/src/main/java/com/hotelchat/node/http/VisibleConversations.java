package com.hotelchat.node.http;

import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.domain.Conversation;
import com.hotelchat.node.chat.ChatService;

/** A conversation the caller may see (one of their departments'); any other answers 404, like one that does not exist. */
final class VisibleConversations {

    private final Conversations conversations;

    VisibleConversations(Conversations conversations) {
        this.conversations = conversations;
    }

    Conversation get(StaffAccount caller, long id) {
        return conversations.find(id)
                .filter(c -> caller.departments().contains(c.department()))
                .orElseThrow(() -> ApiError.notFound(ChatService.NOT_FOUND));
    }
}
