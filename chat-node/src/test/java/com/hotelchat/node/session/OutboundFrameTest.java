package com.hotelchat.node.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundFrameTest {

    @ParameterizedTest(name = "{0} payload bytes")
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000})
    void framesAreUnmaskedFinalTextFramesWithTheRightLengthEncoding(int size) {
        String text = "é".repeat(size / 2) + "x".repeat(size % 2);
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new OutboundFrame(text).frame();
        assertThat(frame[0]).isEqualTo((byte) 0x81);
        assertThat(frame[1] & 0x80).as("servers never mask").isZero();
        int code = frame[1] & 0x7f;
        long length;
        int header;
        if (code < 126) {
            length = code;
            header = 2;
        } else if (code == 126) {
            length = ((frame[2] & 0xff) << 8) | (frame[3] & 0xff);
            header = 4;
            assertThat(length).isGreaterThanOrEqualTo(126);
        } else {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | (frame[2 + i] & 0xff);
            }
            header = 10;
            assertThat(length).isGreaterThan(65_535);
        }
        assertThat(length).isEqualTo(payload.length);
        assertThat(frame).hasSize(header + payload.length);
        assertThat(new String(frame, header, payload.length, StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"message\"}"})
    void theFrameIsBuiltOnceAndShared(String text) {
        OutboundFrame frame = new OutboundFrame(text);
        assertThat(frame.frame()).isSameAs(frame.frame());
    }
}
