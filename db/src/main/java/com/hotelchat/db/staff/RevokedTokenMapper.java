package com.hotelchat.db.staff;

import java.time.Instant;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

public interface RevokedTokenMapper {

    @Insert("""
            INSERT INTO revoked_tokens (token_id, user_id, expires_at) VALUES (#{tokenId}, #{userId}, #{expiresAt})
            ON CONFLICT (token_id) DO NOTHING""")
    int insert(@Param("tokenId") String tokenId, @Param("userId") long userId, @Param("expiresAt") Instant expiresAt);

    @Select("SELECT EXISTS (SELECT 1 FROM revoked_tokens WHERE token_id = #{tokenId})")
    boolean exists(@Param("tokenId") String tokenId);

    @Delete("DELETE FROM revoked_tokens WHERE expires_at < now()")
    int deleteExpired();
}
