package com.hotelchat.node.media;

import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.media.MediaRecord;
import com.hotelchat.db.media.MediaRecords;
import com.hotelchat.node.auth.Authenticator;
import com.hotelchat.node.auth.TokenClaims;
import com.hotelchat.node.auth.TokenService;
import java.util.Optional;

/**
 * Who is asking for a file, and whether they may have it: staff of the conversation's department, the guest of that
 * conversation (with their web-chat token) unless the file is on a private note, or the uploader while no message uses
 * the file yet.
 */
public final class MediaAccess {

    private final Authenticator authenticator;
    private final TokenService tokens;
    private final Conversations conversations;
    private final MediaRecords files;

    public MediaAccess(Authenticator authenticator, TokenService tokens, Conversations conversations,
                       MediaRecords files) {
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.conversations = conversations;
        this.files = files;
    }

    /** A verified caller: a staff account or a guest's access to one conversation. */
    public sealed interface Caller {
        Uploader uploader();
    }

    record Staff(com.hotelchat.db.staff.StaffAccount account) implements Caller {
        @Override
        public Uploader uploader() {
            return Uploader.staff(account.user().id());
        }
    }

    record Guest(TokenClaims.GuestAccess access) implements Caller {
        @Override
        public Uploader uploader() {
            return Uploader.guest(access.guestId());
        }
    }

    /** The caller a token names: a valid staff token (not revoked) or a valid guest token; empty otherwise. */
    public Optional<Caller> caller(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        Optional<Caller> staff = authenticator.staff(token).map(Staff::new);
        if (staff.isPresent()) {
            return staff;
        }
        return tokens.verify(token)
                .filter(TokenClaims.GuestAccess.class::isInstance)
                .map(claims -> new Guest((TokenClaims.GuestAccess) claims));
    }

    public boolean maySee(Caller caller, MediaRecord media) {
        if (media.messageId() == null) {
            Uploader own = caller.uploader();
            return own.type().equals(media.uploadedByType()) && own.id().equals(media.uploadedById());
        }
        return switch (caller) {
            case Staff staff -> conversations.find(media.conversationId())
                    .filter(c -> staff.account().departments().contains(c.department()))
                    .isPresent();
            case Guest guest -> guest.access().conversationId() == media.conversationId()
                    && !files.onPrivateNote(media.id());
        };
    }
}
