package com.hotelchat.db.staff;

import com.hotelchat.domain.StaffUser;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

public interface StaffMapper {

    String COLUMNS = "id, username, name, user_type, active, password_hash, tokens_valid_after";

    @Select("""
            INSERT INTO staff_users (username, name, user_type, password_hash)
            VALUES (#{username}, #{name}, #{userType}, #{passwordHash})
            ON CONFLICT (username) DO NOTHING RETURNING\s""" + COLUMNS)
    StaffUser insertIfAbsent(@Param("username") String username, @Param("name") String name,
                             @Param("userType") String userType, @Param("passwordHash") String passwordHash);

    @Select("SELECT " + COLUMNS + " FROM staff_users WHERE id = #{id}")
    StaffUser findById(@Param("id") long id);

    @Select("SELECT " + COLUMNS + " FROM staff_users WHERE username = #{username}")
    StaffUser findByUsername(@Param("username") String username);

    @Select("SELECT " + COLUMNS + " FROM staff_users ORDER BY id")
    List<StaffUser> findAll();

    /** Active department staff who share a department with the user, one row per shared department. */
    @Select("""
            SELECT u.id AS user_id, u.username, u.name AS display_name, d.name AS department
            FROM staff_departments mine
            JOIN staff_departments theirs ON theirs.department_id = mine.department_id
            JOIN staff_users u ON u.id = theirs.user_id
            JOIN departments d ON d.id = theirs.department_id
            WHERE mine.user_id = #{userId} AND u.active AND u.user_type = 'department_staff'
            ORDER BY d.name, u.name""")
    List<Colleague> colleagues(@Param("userId") long userId);

    /** Active department staff of one department. */
    @Select("""
            SELECT u.id AS user_id, u.username, u.name AS display_name, d.name AS department
            FROM departments d
            JOIN staff_departments sd ON sd.department_id = d.id
            JOIN staff_users u ON u.id = sd.user_id
            WHERE d.name = #{department} AND u.active AND u.user_type = 'department_staff'
            ORDER BY u.id""")
    List<Colleague> membersOf(@Param("department") String department);

    @Update("UPDATE staff_users SET active = #{active}, updated_at = now() WHERE id = #{id}")
    int setActive(@Param("id") long id, @Param("active") boolean active);

    @Update("UPDATE staff_users SET name = #{name}, updated_at = now() WHERE id = #{id}")
    int setName(@Param("id") long id, @Param("name") String name);

    /** A new password withdraws every token issued before {@code tokensValidAfter}. */
    @Update("""
            UPDATE staff_users SET password_hash = #{passwordHash}, tokens_valid_after = #{tokensValidAfter},
                   updated_at = now() WHERE id = #{id}""")
    int setPasswordHash(@Param("id") long id, @Param("passwordHash") String passwordHash,
                        @Param("tokensValidAfter") java.time.Instant tokensValidAfter);

    @Delete("DELETE FROM staff_departments WHERE user_id = #{userId}")
    int clearDepartments(@Param("userId") long userId);

    @Insert("INSERT INTO staff_departments (user_id, department_id) VALUES (#{userId}, #{departmentId}) ON CONFLICT DO NOTHING")
    int addDepartment(@Param("userId") long userId, @Param("departmentId") long departmentId);
}
