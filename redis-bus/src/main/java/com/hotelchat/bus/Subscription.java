package com.hotelchat.bus;

/** A handler's registration on a group; cancelling it twice is harmless. */
@FunctionalInterface
public interface Subscription {
    void cancel();
}
