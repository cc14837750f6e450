package com.hotelchat.bus;

/** Whether the bus can move events between nodes right now, with a sentence for operators. */
public record BusStatus(boolean up, String detail) {}
