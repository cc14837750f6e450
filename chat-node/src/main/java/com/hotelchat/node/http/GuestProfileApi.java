package com.hotelchat.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.db.tools.GuestProfile;
import com.hotelchat.db.conversation.ConversationSnapshot;
import com.hotelchat.db.tools.GuestProfiles;
import com.hotelchat.domain.Conversation;
import com.hotelchat.node.chat.ChatEvents;
import com.hotelchat.protocol.AssigneeData;
import com.hotelchat.protocol.ToolsData;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The guest's profile beside a conversation: name, room, check-in and check-out dates, language, free-text notes.
 * Staff of the conversation's department read and edit it; a change is live for every department that has a
 * conversation with that guest. Never shown to the guest.
 */
public final class GuestProfileApi {

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,2}");

    private final VisibleConversations visible;
    private final GuestProfiles profiles;
    private final ChatEvents publish;

    public GuestProfileApi(Conversations conversations, GuestProfiles profiles, ChatEvents publish) {
        this.visible = new VisibleConversations(conversations);
        this.profiles = profiles;
        this.publish = publish;
    }

    public ApiResponse get(StaffAccount caller, ApiRequest request) {
        Conversation c = accessible(caller, request.pathId(0));
        return ApiResponse.ok(data(profiles.find(c.guestId()).orElseThrow(() -> ApiError.notFound("Unknown guest"))));
    }

    /**
     * Any of {@code name}, {@code room_number}, {@code check_in}, {@code check_out} ({@code YYYY-MM-DD}),
     * {@code language} (a language tag like {@code de} or {@code pt-BR}), {@code notes}; {@code null} clears all but the
     * name.
     */
    public ApiResponse update(StaffAccount caller, ApiRequest request) {
        Conversation c = accessible(caller, request.pathId(0));
        JsonNode body = request.object();
        String name = body.has("name") ? Fields.requiredText(body, "name", 200).strip() : null;
        GuestProfiles.Updated updated = profiles.update(c.guestId(), p -> {
            GuestProfile next = new GuestProfile(p.id(), p.whatsappNumber(), name != null ? name : p.name(),
                    body.has("room_number") ? Fields.optionalText(body, "room_number", 32) : p.roomNumber(),
                    body.has("check_in") ? date(body, "check_in") : p.checkInDate(),
                    body.has("check_out") ? date(body, "check_out") : p.checkOutDate(),
                    body.has("language") ? language(Fields.optionalText(body, "language", 16)) : p.language(),
                    body.has("notes") ? Fields.optionalText(body, "notes", 2000) : p.profileNotes());
            if (next.checkInDate() != null && next.checkOutDate() != null && next.checkOutDate().isBefore(next.checkInDate())) {
                throw ApiError.badRequest("'check_out' must not be before 'check_in'");
            }
            return next;
        }).orElseThrow(() -> ApiError.notFound("Unknown guest"));
        ToolsData.GuestProfileData data = data(updated.profile());
        AssigneeData by = new AssigneeData(caller.user().id(), caller.user().name());
        for (ConversationSnapshot shown : updated.conversations()) {
            publish.guestUpdated(shown, data, by);
        }
        return ApiResponse.ok(data);
    }

    private Conversation accessible(StaffAccount caller, long id) {
        return visible.get(caller, id);
    }

    static ToolsData.GuestProfileData data(GuestProfile p) {
        return new ToolsData.GuestProfileData(p.id(), p.name(), p.roomNumber(), p.whatsappNumber(), p.checkInDate(),
                p.checkOutDate(), p.language(), p.profileNotes());
    }

    private static LocalDate date(JsonNode body, String field) {
        String text = Fields.optionalText(body, field, 10);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("'" + field + "' must be a date like 2026-12-24");
        }
    }

    private static String language(String tag) {
        if (tag != null && !LANGUAGE.matcher(tag).matches()) {
            throw ApiError.badRequest("'language' must be a language tag like en, de or pt-BR");
        }
        return tag;
    }
}
