package com.hotelchat.protocol;

import java.time.Instant;

public record ClosedData(long id, String guestName, String department, String status, Instant updatedAt) {}
