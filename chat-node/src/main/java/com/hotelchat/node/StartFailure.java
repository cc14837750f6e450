package com.hotelchat.node;

import java.util.ArrayList;
import java.util.List;

/** Why a node could not start, in one line: the messages along the exception's causes, each said once. */
final class StartFailure {

    /** Causes looked at, at most: a chain that loops back on itself ends here too. */
    private static final int DEPTH = 8;

    private StartFailure() {}

    static String describe(Throwable failure) {
        List<String> said = new ArrayList<>();
        Throwable t = failure;
        for (int depth = 0; t != null && depth < DEPTH; depth++, t = t.getCause()) {
            String message = t.getMessage() != null ? t.getMessage().strip() : t.getClass().getSimpleName();
            if (said.stream().noneMatch(earlier -> earlier.contains(message))) {
                said.add(message);
            }
        }
        return String.join(": ", said);
    }
}
