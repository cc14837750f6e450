package com.hotelchat.node.session;

import com.hotelchat.node.auth.TokenClaims;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connected client on this node: who it is, which groups it is in, its conversation feeds and its outgoing
 * queue. A staff session has a user id and departments; a guest session has a guest id and one conversation.
 */
public final class ClientSession {

    public enum Kind { STAFF, GUEST }

    private final String id;
    private final Kind kind;
    private final long principalId;
    private final String displayName;
    private final OutgoingQueue out;
    private final CommandRateLimiter rateLimiter;
    private final Map<Long, ConversationFeed> feeds = new ConcurrentHashMap<>();
    private final long scopeConversationId;
    private volatile Set<String> departments;
    private volatile boolean handedOver;
    private volatile TokenClaims.Staff token;

    public ClientSession(String id, Kind kind, long principalId, String displayName, Set<String> departments,
                         OutgoingQueue out, CommandRateLimiter rateLimiter) {
        this(id, kind, principalId, displayName, departments, 0, out, rateLimiter);
    }

    /** {@code scopeConversationId} is the one conversation a guest session may see; 0 for staff. */
    public ClientSession(String id, Kind kind, long principalId, String displayName, Set<String> departments,
                         long scopeConversationId, OutgoingQueue out, CommandRateLimiter rateLimiter) {
        this.scopeConversationId = scopeConversationId;
        this.id = id;
        this.kind = kind;
        this.principalId = principalId;
        this.displayName = displayName;
        this.departments = Set.copyOf(departments);
        this.out = out;
        this.rateLimiter = rateLimiter;
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** The staff user id, or the guest id for a guest session. */
    public long principalId() {
        return principalId;
    }

    public boolean isStaffUser(long userId) {
        return kind == Kind.STAFF && principalId == userId;
    }

    public long scopeConversationId() {
        return scopeConversationId;
    }

    public String displayName() {
        return displayName;
    }

    public Set<String> departments() {
        return departments;
    }

    public void departments(Set<String> updated) {
        this.departments = Set.copyOf(updated);
    }

    public boolean inDepartment(String department) {
        return departments.contains(department);
    }

    /** The staff token the session authenticated with, kept to close the session when that token is revoked. */
    public void token(TokenClaims.Staff claims) {
        this.token = claims;
    }

    /** Null for guest sessions. */
    public TokenClaims.Staff token() {
        return token;
    }

    /** Set when a draining node hands this session's presence over instead of ending it. */
    public void markHandedOver() {
        handedOver = true;
    }

    public boolean handedOver() {
        return handedOver;
    }

    public OutgoingQueue out() {
        return out;
    }

    public boolean send(String text) {
        return out.offer(text);
    }

    /** An event's frame, shared with the other sessions that get it. */
    public boolean send(OutboundFrame frame) {
        return out.offer(frame);
    }

    public boolean allowCommand() {
        return rateLimiter.tryAcquire(System.nanoTime());
    }

    public ConversationFeed feed(long conversationId) {
        return feeds.get(conversationId);
    }

    public boolean isSubscribed(long conversationId) {
        return feeds.containsKey(conversationId);
    }

    /** The new feed, or null if the session already has one for that conversation. */
    public ConversationFeed addFeed(ConversationFeed feed) {
        return feeds.putIfAbsent(feed.conversationId(), feed) == null ? feed : null;
    }

    public ConversationFeed removeFeed(long conversationId) {
        return feeds.remove(conversationId);
    }

    public Collection<ConversationFeed> feeds() {
        return feeds.values();
    }

    @Override
    public String toString() {
        return "session=" + id + " " + kind.name().toLowerCase() + "=" + principalId;
    }
}
