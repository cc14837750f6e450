package com.hotelchat.node.http;

import com.hotelchat.bus.Presence;
import com.hotelchat.db.staff.Colleague;
import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.db.staff.StaffDirectory;
import com.hotelchat.protocol.UserStatusData;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /chat/presence/}: the caller's colleagues who are online now, anywhere in the cluster, per shared
 * department, in the shape of {@code user_status} data; a client starts from it and follows {@code user_status}.
 */
public final class PresenceApi {

    private final StaffDirectory staff;
    private final Presence presence;

    public PresenceApi(StaffDirectory staff, Presence presence) {
        this.staff = staff;
        this.presence = presence;
    }

    public ApiResponse online(StaffAccount caller, ApiRequest request) {
        List<Colleague> colleagues = staff.colleagues(caller.user().id()).stream()
                .filter(c -> c.userId() != caller.user().id()).toList();
        Set<Long> online = presence.online(colleagues.stream().map(Colleague::userId).distinct().toList());
        return ApiResponse.ok(Map.of("online", colleagues.stream()
                .filter(c -> online.contains(c.userId()))
                .map(c -> new UserStatusData(UserStatusData.CONNECTED, c.userId(), c.displayName(), c.department()))
                .toList()));
    }
}
