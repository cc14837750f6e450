package com.hotelchat.node.http;

import java.util.List;
import java.util.Set;

/**
 * Which address a request comes from: the peer, unless the peer is a proxy we trust ({@code CHAT_TRUSTED_PROXIES}),
 * in which case the first {@code X-Forwarded-For} hop, the client as that proxy saw it. An untrusted peer cannot
 * choose its address by sending the header itself.
 */
public final class ClientAddresses {

    private final Set<String> trustedProxies;

    public ClientAddresses(List<String> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    public String of(String peer, String forwardedFor) {
        if (forwardedFor == null || !trustedProxies.contains(peer)) {
            return peer;
        }
        String first = forwardedFor.split(",", 2)[0].trim();
        return first.isEmpty() || first.length() > 64 ? peer : first;
    }
}
