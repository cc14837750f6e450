package com.hotelchat.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.db.staff.StaffChange;
import com.hotelchat.db.staff.StaffDirectory;
import com.hotelchat.db.staff.UnknownDepartmentException;
import com.hotelchat.domain.Department;
import com.hotelchat.domain.UserType;
import com.hotelchat.node.auth.PasswordHasher;
import com.hotelchat.node.chat.ChatEvents;
import java.util.List;
import java.util.Map;

/** Departments and staff users, for admins only. */
public final class AdminApi {

    private final StaffDirectory staff;
    private final PasswordHasher passwords;
    private final ChatEvents events;
    private final java.time.Clock clock;

    public AdminApi(StaffDirectory staff, PasswordHasher passwords, ChatEvents events, java.time.Clock clock) {
        this.clock = clock;
        this.staff = staff;
        this.passwords = passwords;
        this.events = events;
    }

    public ApiResponse createDepartment(ApiRequest request) {
        String name = Fields.requiredText(request.object(), "name", 200);
        if (!Department.isValidName(name)) {
            throw ApiError.badRequest("'name' must be 1-64 characters of lowercase letters, digits, '_' or '-'");
        }
        Department created = staff.createDepartment(name)
                .orElseThrow(() -> ApiError.conflict("Department '" + name + "' already exists"));
        return ApiResponse.created(created);
    }

    public ApiResponse listDepartments(ApiRequest request) {
        return ApiResponse.ok(Map.of("departments", staff.departments()));
    }

    public ApiResponse listStaff(ApiRequest request) {
        return ApiResponse.ok(Map.of("staff", staff.allAccounts().stream().map(UserView::of).toList()));
    }

    public ApiResponse createStaff(ApiRequest request) {
        JsonNode body = request.object();
        String username = Fields.requiredText(body, "username", 150);
        String password = Fields.requiredText(body, "password", 1024);
        String name = Fields.requiredText(body, "name", 200);
        String userType = Fields.requiredText(body, "user_type", 32);
        List<String> departments = Fields.optionalTextList(body, "departments");
        if (!UserType.isValid(userType)) {
            throw ApiError.badRequest("'user_type' must be 'department_staff' or 'admin'");
        }
        checkPassword(password, "password");
        try {
            StaffAccount created = staff.createStaff(username, name, userType, passwords.hash(password),
                            departments == null ? List.of() : departments)
                    .orElseThrow(() -> ApiError.conflict("Username '" + username + "' is taken"));
            return ApiResponse.created(UserView.of(created));
        } catch (UnknownDepartmentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    public ApiResponse updateStaff(ApiRequest request) {
        long id = request.pathId(0);
        JsonNode body = request.object();
        Boolean active = Fields.optionalBoolean(body, "active");
        List<String> departments = Fields.optionalTextList(body, "departments");
        String password = Fields.optionalText(body, "password", 1024);
        String name = Fields.optionalText(body, "name", 200);
        if (name != null && name.isBlank()) {
            throw ApiError.badRequest("'name' must not be empty");
        }
        if (password != null) {
            checkPassword(password, "password");
        }
        try {
            // A new password revokes every token the user had (their open sockets close with 4401).
            StaffAccount updated = staff.update(id, new StaffChange(active, departments,
                            password == null ? null : passwords.hash(password), name,
                            clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)))
                    .orElseThrow(() -> ApiError.notFound("Staff user not found"));
            events.staffChanged(id);
            return ApiResponse.ok(UserView.of(updated));
        } catch (UnknownDepartmentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    static void checkPassword(String password, String field) {
        if (password.length() < 8) {
            throw ApiError.badRequest("'" + field + "' must be at least 8 characters long");
        }
    }
}
