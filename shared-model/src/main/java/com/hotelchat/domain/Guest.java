package com.hotelchat.domain;

/** A hotel guest, identified by WhatsApp number in E.164 form. */
public record Guest(long id, String whatsappNumber, String name, String roomNumber) {}
