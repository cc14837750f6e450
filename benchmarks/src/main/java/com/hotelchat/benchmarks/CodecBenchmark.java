package com.hotelchat.benchmarks;

import com.hotelchat.protocol.ClientCommand;
import com.hotelchat.protocol.Decoded;
import com.hotelchat.protocol.GuestInfo;
import com.hotelchat.protocol.JsonCodec;
import com.hotelchat.protocol.MessageData;
import com.hotelchat.protocol.ServerEvent;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The codec on the hot path: one encode per event per node, one decode per client command. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

    private final JsonCodec codec = new JsonCodec();
    private final ServerEvent.Message message = new ServerEvent.Message(new MessageData(456, 123, "staff", "John Doe",
            "Hello, how can I help you with your booking today?", Instant.parse("2024-01-01T12:00:00Z"),
            new GuestInfo(789, "Guest Name", "101"), null));
    private final String text = "{\"type\":\"text\",\"conversation_id\":123,\"content\":\"Hello, how can I help you?\","
            + "\"client_message_id\":\"c-123\"}";

    @Benchmark
    public String encodeMessageEvent() {
        return codec.encode(message);
    }

    @Benchmark
    public Decoded<ClientCommand> decodeTextCommand() {
        return codec.decodeCommand(text);
    }
}
