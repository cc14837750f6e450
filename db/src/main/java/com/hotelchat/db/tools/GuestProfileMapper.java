package com.hotelchat.db.tools;

import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

public interface GuestProfileMapper {

    String COLUMNS = "id, whatsapp_number, name, room_number, check_in_date, check_out_date, language, profile_notes";

    @Select("SELECT " + COLUMNS + " FROM guests WHERE id = #{id}")
    GuestProfile find(@Param("id") long id);

    @Update("""
            UPDATE guests SET name = #{name}, room_number = #{roomNumber}, check_in_date = #{checkInDate},
                   check_out_date = #{checkOutDate}, language = #{language}, profile_notes = #{profileNotes},
                   updated_at = now()
            WHERE id = #{id}""")
    int update(GuestProfile profile);

    /** The departments of the guest's conversations, with one conversation each (the latest): who shows the profile. */
    @Select("""
            SELECT DISTINCT ON (d.name) d.name AS department, c.id AS conversation_id
            FROM conversations c JOIN departments d ON d.id = c.department_id
            WHERE c.guest_id = #{guestId} ORDER BY d.name, c.id DESC""")
    List<Shown> shownIn(@Param("guestId") long guestId);

    record Shown(String department, long conversationId) {}
}
