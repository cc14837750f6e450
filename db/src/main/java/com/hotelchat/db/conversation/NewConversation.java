package com.hotelchat.db.conversation;

/** What a staff member fills in to open a conversation with a guest. */
public record NewConversation(String guestWhatsappNumber, String guestName, String guestRoomNumber, String department,
                              String conversationType) {}
