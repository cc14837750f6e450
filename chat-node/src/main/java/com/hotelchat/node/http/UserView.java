package com.hotelchat.node.http;

import com.hotelchat.db.staff.StaffAccount;
import java.util.List;

/** A user as clients see it: never the password hash. */
public record UserView(long id, String username, String name, String userType, List<String> departments,
                       boolean active) {

    public static UserView of(StaffAccount account) {
        return new UserView(account.user().id(), account.user().username(), account.user().name(),
                account.user().userType(), account.departments(), account.user().active());
    }
}
