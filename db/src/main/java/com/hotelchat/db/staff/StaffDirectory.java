package com.hotelchat.db.staff;

import com.hotelchat.db.Database;
import com.hotelchat.domain.Department;
import com.hotelchat.domain.StaffUser;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.session.SqlSession;

/** Departments, staff users and their memberships. */
public final class StaffDirectory {

    private final Database database;

    public StaffDirectory(Database database) {
        this.database = database;
    }

    /** Empty when a department of that name exists already. */
    public Optional<Department> createDepartment(String name) {
        return Optional.ofNullable(database.inTransaction(s -> s.getMapper(DepartmentMapper.class).insertIfAbsent(name)));
    }

    public List<Department> departments() {
        return database.inTransaction(s -> s.getMapper(DepartmentMapper.class).findAll());
    }

    /**
     * Creates a user with the given memberships in one transaction. Empty when the username is taken;
     * throws {@link UnknownDepartmentException} (and writes nothing) when a department does not exist.
     */
    public Optional<StaffAccount> createStaff(String username, String name, String userType, String passwordHash,
                                              List<String> departments) {
        return database.inTransaction(s -> {
            StaffUser user = s.getMapper(StaffMapper.class).insertIfAbsent(username, name, userType, passwordHash);
            if (user == null) {
                return Optional.empty();
            }
            setDepartments(s, user.id(), departments);
            return Optional.of(account(s, user));
        });
    }

    public List<StaffAccount> allAccounts() {
        return database.inTransaction(s -> s.getMapper(StaffMapper.class).findAll().stream()
                .map(user -> account(s, user)).toList());
    }

    public List<Colleague> colleagues(long userId) {
        return database.inTransaction(s -> s.getMapper(StaffMapper.class).colleagues(userId));
    }

    /** The active department staff of a department. */
    public List<Colleague> membersOf(String department) {
        return database.inTransaction(s -> s.getMapper(StaffMapper.class).membersOf(department));
    }

    public Optional<StaffAccount> findById(long id) {
        return database.inTransaction(s -> Optional.ofNullable(s.getMapper(StaffMapper.class).findById(id))
                .map(user -> account(s, user)));
    }

    public Optional<StaffAccount> findByUsername(String username) {
        return database.inTransaction(s -> Optional.ofNullable(s.getMapper(StaffMapper.class).findByUsername(username))
                .map(user -> account(s, user)));
    }

    /** Applies the change in one transaction; empty when no such user. */
    public Optional<StaffAccount> update(long id, StaffChange change) {
        return database.inTransaction(s -> {
            StaffMapper staff = s.getMapper(StaffMapper.class);
            if (staff.findById(id) == null) {
                return Optional.empty();
            }
            if (change.active() != null) {
                staff.setActive(id, change.active());
            }
            if (change.name() != null) {
                staff.setName(id, change.name());
            }
            if (change.passwordHash() != null) {
                staff.setPasswordHash(id, change.passwordHash(), change.changedAt());
            }
            if (change.departments() != null) {
                staff.clearDepartments(id);
                setDepartments(s, id, change.departments());
            }
            return Optional.of(account(s, staff.findById(id)));
        });
    }

    private static void setDepartments(SqlSession s, long userId, List<String> names) {
        DepartmentMapper departments = s.getMapper(DepartmentMapper.class);
        StaffMapper staff = s.getMapper(StaffMapper.class);
        for (String name : names) {
            Department department = departments.findByName(name);
            if (department == null) {
                throw new UnknownDepartmentException(name);
            }
            staff.addDepartment(userId, department.id());
        }
    }

    private static StaffAccount account(SqlSession s, StaffUser user) {
        List<String> names = s.getMapper(DepartmentMapper.class).findByUser(user.id()).stream()
                .map(Department::name).toList();
        return new StaffAccount(user, names);
    }
}
