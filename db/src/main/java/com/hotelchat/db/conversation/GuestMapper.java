package com.hotelchat.db.conversation;

import com.hotelchat.domain.Guest;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

public interface GuestMapper {

    /** Creates the guest or refreshes name and room of the existing one; the number is the identity. */
    @Select("""
            INSERT INTO guests (whatsapp_number, name, room_number) VALUES (#{whatsappNumber}, #{name}, #{roomNumber})
            ON CONFLICT (whatsapp_number) DO UPDATE
                SET name = EXCLUDED.name,
                    room_number = COALESCE(EXCLUDED.room_number, guests.room_number),
                    updated_at = now()
            RETURNING id, whatsapp_number, name, room_number""")
    Guest upsert(@Param("whatsappNumber") String whatsappNumber, @Param("name") String name,
                 @Param("roomNumber") String roomNumber);

    @Select("SELECT id, whatsapp_number, name, room_number FROM guests WHERE id = #{id}")
    Guest findById(@Param("id") long id);
}
