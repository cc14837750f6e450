package com.hotelchat.node.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void hashesAreSaltedAndVerifyOnlyTheRightPassword() {
        PasswordHasher hasher = new PasswordHasher(1000);
        String first = hasher.hash("correct horse");
        String second = hasher.hash("correct horse");
        assertThat(first).startsWith("pbkdf2-sha256$1000$").doesNotContain("correct");
        assertThat(first).isNotEqualTo(second);
        assertThat(hasher.matches("correct horse", first)).isTrue();
        assertThat(hasher.matches("wrong horse", first)).isFalse();
        assertThat(new PasswordHasher(5000).matches("correct horse", first)).as("iterations are read from the hash").isTrue();
        assertThat(hasher.matches("x", "garbage")).isFalse();
        assertThat(hasher.matches("x", null)).isFalse();
    }
}
