package com.hotelchat.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What an entry of a conversation's timeline records: a change of the desk's (assignment, status, transfer, closing,
 * labels), who made it ({@code by}: a staff member, null when the node made it: auto-assignment, a snooze that ran
 * out, a guest's message) and its facts. Stored beside the entry (a private message of the conversation) and sent
 * to staff as the {@code activity} of its {@code message} event, in the same JSON: {@code kind} and snake_case facts.
 * {@link #sentence()} is the entry's {@code content}: what a client that knows nothing of activities shows.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(Activity.Assigned.class), @JsonSubTypes.Type(Activity.Unassigned.class),
        @JsonSubTypes.Type(Activity.StatusChanged.class), @JsonSubTypes.Type(Activity.Transferred.class),
        @JsonSubTypes.Type(Activity.Closed.class), @JsonSubTypes.Type(Activity.LabelAdded.class),
        @JsonSubTypes.Type(Activity.LabelRemoved.class)})
public sealed interface Activity {

    /** Who made the change; null when the node did (it is then said in the sentence). */
    Person by();

    /** The entry's text, one readable sentence. */
    String sentence();

    /** A staff member named in an entry. */
    record Person(long id, String name) {

        /** Null when {@code id} is null (nobody). */
        public static Person of(Long id, String name) {
            return id == null ? null : new Person(id, name);
        }
    }

    /** A label named in an entry. */
    record Tag(long id, String name, String color) {}

    /** Assigned to {@code assignee}; {@code automatic} (with {@code by} null) when the department's auto-assignment did. */
    @JsonTypeName("assigned")
    record Assigned(Person assignee, @JsonInclude(JsonInclude.Include.NON_NULL) Person previousAssignee, Person by,
                    boolean automatic) implements Activity {
        @Override
        public String sentence() {
            if (automatic) {
                return "Automatically assigned to " + assignee.name();
            }
            return previousAssignee == null
                    ? by.name() + " assigned this conversation to " + assignee.name()
                    : by.name() + " reassigned this conversation from " + previousAssignee.name() + " to " + assignee.name();
        }
    }

    @JsonTypeName("unassigned")
    record Unassigned(Person previousAssignee, Person by) implements Activity {
        @Override
        public String sentence() {
            return by.name() + " unassigned " + previousAssignee.name() + " from this conversation";
        }
    }

    /**
     * Any status change but closing: {@code reason} {@code staff} (with {@code by}), {@code snooze_expired}, or
     * {@code guest_message} (with {@code message_id}, the guest's message that made it active again).
     */
    @JsonTypeName("status")
    record StatusChanged(String status, String previousStatus,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Instant snoozedUntil, String reason, Person by,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Long messageId) implements Activity {

        public static final String BY_STAFF = "staff";
        public static final String BY_GUEST_MESSAGE = "guest_message";
        public static final String SNOOZE_EXPIRED = "snooze_expired";
        private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(ZoneOffset.UTC);

        @Override
        public String sentence() {
            return switch (reason) {
                case SNOOZE_EXPIRED -> "The snooze ended: this conversation is active again";
                case BY_GUEST_MESSAGE -> Conversation.CLOSED.equals(previousStatus)
                        ? "A message from the guest reopened this conversation"
                        : "A message from the guest made this conversation active again (it was " + previousStatus + ")";
                default -> by.name() + switch (status) {
                    case Conversation.SNOOZED -> " snoozed this conversation until " + UNTIL.format(snoozedUntil);
                    case Conversation.PENDING -> " set this conversation to pending (waiting for the guest)";
                    default -> Conversation.CLOSED.equals(previousStatus) ? " reopened this conversation"
                            : " set this conversation to " + status;
                };
            };
        }
    }

    /** Moved between departments; {@code note} is the one the transfer carried, if any. */
    @JsonTypeName("transferred")
    record Transferred(String fromDepartment, String toDepartment,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String note, Person by) implements Activity {
        @Override
        public String sentence() {
            String moved = by.name() + " transferred this conversation from " + fromDepartment + " to " + toDepartment;
            return note == null ? moved : moved + ": " + note;
        }
    }

    @JsonTypeName("closed")
    record Closed(Person by) implements Activity {
        @Override
        public String sentence() {
            return by.name() + " closed this conversation";
        }
    }

    @JsonTypeName("label_added")
    record LabelAdded(Tag label, Person by) implements Activity {
        @Override
        public String sentence() {
            return by.name() + " added the label " + label.name();
        }
    }

    @JsonTypeName("label_removed")
    record LabelRemoved(Tag label, Person by) implements Activity {
        @Override
        public String sentence() {
            return by.name() + " removed the label " + label.name();
        }
    }
}
