package com.hotelchat.protocol;

/** The outcome of decoding untrusted input: a valid value, or an error a client developer can act on. */
public sealed interface Decoded<T> permits Decoded.Ok, Decoded.ProtocolError {

    record Ok<T>(T value) implements Decoded<T> {}

    record ProtocolError<T>(String message) implements Decoded<T> {}

    static <T> Decoded<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Decoded<T> error(String message) {
        return new ProtocolError<>(message);
    }
}
