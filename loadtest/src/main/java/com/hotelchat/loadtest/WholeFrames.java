package com.hotelchat.loadtest;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;

/** A listener that hands over whole text frames (the JDK client may deliver one in parts) and keeps reading. */
abstract class WholeFrames implements WebSocket.Listener {

    private final StringBuilder partial = new StringBuilder();

    abstract void frame(String text, long receivedNanos);

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            frame(text, System.nanoTime());
        }
        webSocket.request(1);
        return null;
    }
}
