package com.hotelchat.bus;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShardedPubSubSupportTest {

    private static String info(String version) {
        return "# Server\r\nredis_version:" + version + "\r\nredis_git_sha1:00000000\r\nredis_mode:cluster\r\n";
    }

    @Test
    void redisSixIsRefusedWithTheReason() {
        assertThatThrownBy(() -> ShardedPubSubSupport.require(info("6.2.14"), "[h:1]"))
                .hasMessage("the Redis Cluster at [h:1] runs Redis 6.2.14: sharded pub/sub (SSUBSCRIBE, SPUBLISH) "
                        + "needs Redis 7.0 or later");
    }

    @Test
    void redisSevenAndLaterPass() {
        assertThatCode(() -> ShardedPubSubSupport.require(info("7.0.0"), "x")).doesNotThrowAnyException();
        assertThatCode(() -> ShardedPubSubSupport.require(info("8.0.2"), "x")).doesNotThrowAnyException();
        assertThatCode(() -> ShardedPubSubSupport.require("# Server\r\n", "x")).doesNotThrowAnyException();
        assertEquals("7.2.4", ShardedPubSubSupport.version(info("7.2.4")));
    }
}
