package com.hotelchat.db.staff;

import com.hotelchat.domain.StaffUser;
import java.util.List;

/** A staff user with the names of the departments they belong to. */
public record StaffAccount(StaffUser user, List<String> departments) {}
