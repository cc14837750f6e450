package com.hotelchat.node.http;

import com.hotelchat.bus.Presence;
import com.hotelchat.db.staff.Colleague;
import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.db.staff.StaffDirectory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What staff need to route work: every department (transfer targets) and the members of their own, online or not. */
public final class DepartmentApi {

    private final StaffDirectory staff;
    private final Presence presence;

    public DepartmentApi(StaffDirectory staff, Presence presence) {
        this.staff = staff;
        this.presence = presence;
    }

    public ApiResponse departments(StaffAccount caller, ApiRequest request) {
        return ApiResponse.ok(Map.of("departments", staff.departments().stream().map(d -> Map.of("id", d.id(),
                "name", d.name(), "member", caller.departments().contains(d.name()))).toList()));
    }

    /** Active staff of one of the caller's departments (anyone else's is 403), with presence across the cluster. */
    public ApiResponse members(StaffAccount caller, ApiRequest request) {
        String department = request.pathParams().get(0);
        if (!caller.departments().contains(department)) {
            throw ApiError.forbidden("You can only see the members of your own departments");
        }
        List<Colleague> members = staff.membersOf(department);
        Set<Long> online = presence.online(members.stream().map(Colleague::userId).toList());
        return ApiResponse.ok(Map.of("members", members.stream().map(m -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", m.userId());
            view.put("username", m.username()); // what an @mention names
            view.put("name", m.displayName());
            view.put("online", online.contains(m.userId()));
            return view;
        }).toList()));
    }
}
