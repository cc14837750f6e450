package com.hotelchat.node;

import java.util.ArrayList;
import java.util.List;

/** Why a node could not start, in one line: the messages along the exception's causes, each said once. */
final class StartFailure {

    private StartFailure() {}

    static String describe(Throwable failure) {
        List<String> said = new ArrayList<>();
        for (Throwable t = failure; t != null && said.size() < 8; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() != null ? t.getMessage().strip() : t.getClass().getSimpleName();
            if (said.stream().noneMatch(earlier -> earlier.contains(message))) {
                said.add(message);
            }
        }
        return String.join(": ", said);
    }
}
