package com.hotelchat.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InProcessPresenceTest {

    private final Presence presence = new InProcessPresence();

    @Test
    void onlyFirstOpenAndLastCloseOfAUserCount() {
        assertThat(presence.opened(1, "a")).isTrue();
        assertThat(presence.opened(1, "b")).isFalse();
        assertThat(presence.opened(2, "c")).isTrue();
        assertThat(presence.closed(1, "a")).isFalse();
        assertThat(presence.closed(1, "a")).isFalse();
        assertThat(presence.closed(1, "b")).isTrue();
        assertThat(presence.opened(1, "d")).isTrue();
    }
}
