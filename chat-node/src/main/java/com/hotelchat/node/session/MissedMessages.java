package com.hotelchat.node.session;

import java.util.List;

/** Reads committed messages back from the database, the source of truth, to fill gaps and replay. */
@FunctionalInterface
public interface MissedMessages {

    /** Oldest first: the conversation's messages with {@code afterId < id <= upToId}; may stop early at a batch limit. */
    List<EncodedMessage> between(long conversationId, long afterId, long upToId);
}
