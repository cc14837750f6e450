package com.hotelchat.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;

/**
 * The guest beside a message or a conversation. Beyond the seed, only in the conversation list and only when set:
 * {@code check_out} and {@code language} from the guest's profile.
 */
public record GuestInfo(long id, String name, String roomNumber,
                        @JsonInclude(JsonInclude.Include.NON_NULL) LocalDate checkOut,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String language) {

    /** The seed's shape: id, name and room. */
    public GuestInfo(long id, String name, String roomNumber) {
        this(id, name, roomNumber, null, null);
    }
}
