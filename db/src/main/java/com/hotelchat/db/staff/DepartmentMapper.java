package com.hotelchat.db.staff;

import com.hotelchat.domain.Department;
import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

public interface DepartmentMapper {

    @Select("INSERT INTO departments (name) VALUES (#{name}) ON CONFLICT (name) DO NOTHING RETURNING id, name")
    Department insertIfAbsent(@Param("name") String name);

    @Select("SELECT id, name FROM departments WHERE name = #{name}")
    Department findByName(@Param("name") String name);

    @Select("SELECT id, name FROM departments ORDER BY name")
    List<Department> findAll();

    @Select("""
            SELECT d.id, d.name FROM departments d JOIN staff_departments sd ON sd.department_id = d.id
            WHERE sd.user_id = #{userId} ORDER BY d.name""")
    List<Department> findByUser(@Param("userId") long userId);
}
