package com.hotelchat.node.session;

/**
 * Told of every frame a client's command caused (a {@code text}'s {@code message} and {@code new_message}) once it
 * is written to a socket: the end-to-end delivery latency. Called on the socket's write completion, once per such
 * frame and session: must be quick.
 */
@FunctionalInterface
public interface DeliveryTimer {

    DeliveryTimer NONE = receivedAtMicros -> { };

    /** {@code receivedAtMicros}: when the node that took the command received it (wall clock, epoch microseconds). */
    void written(long receivedAtMicros);
}
