package com.hotelchat.db.tools;

import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

public interface GuestProfileMapper {

    String COLUMNS = "id, whatsapp_number, name, room_number, check_in_date, check_out_date, language, profile_notes";

    @Select("SELECT " + COLUMNS + " FROM guests WHERE id = #{id}")
    GuestProfile find(@Param("id") long id);

    /** The profile, its row locked: changes of one guest's profile are serialized by it. */
    @Select("SELECT " + COLUMNS + " FROM guests WHERE id = #{id} FOR UPDATE")
    GuestProfile lock(@Param("id") long id);

    @Update("""
            UPDATE guests SET name = #{name}, room_number = #{roomNumber}, check_in_date = #{checkInDate},
                   check_out_date = #{checkOutDate}, language = #{language}, profile_notes = #{profileNotes},
                   updated_at = now()
            WHERE id = #{id}""")
    int update(GuestProfile profile);
}
