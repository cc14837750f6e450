package com.hotelchat.db.staff;

import com.hotelchat.db.Database;
import java.time.Instant;

/**
 * Tokens withdrawn before they expire, one by one (a logout). The database holds them, so a revocation survives node and
 * Redis restarts; a row is useless once its token would have expired and is then deleted.
 */
public final class TokenRevocations {

    private final Database database;

    public TokenRevocations(Database database) {
        this.database = database;
    }

    public void revoke(String tokenId, long userId, Instant expiresAt) {
        database.inTransaction(s -> {
            RevokedTokenMapper mapper = s.getMapper(RevokedTokenMapper.class);
            mapper.insert(tokenId, userId, expiresAt);
            return mapper.deleteExpired();
        });
    }

    public boolean isRevoked(String tokenId) {
        return database.inTransaction(s -> s.getMapper(RevokedTokenMapper.class).exists(tokenId));
    }
}
