package com.hotelchat.db.tools;

import java.time.LocalDate;

/** What the desk knows of a guest beyond the seed's name and room: the stay, the language, free-text notes. */
public record GuestProfile(long id, String whatsappNumber, String name, String roomNumber, LocalDate checkInDate,
                           LocalDate checkOutDate, String language, String profileNotes) {}
