package com.hotelchat.bus;

/**
 * A fan-out group; its name is also the Redis pub/sub channel (behind an optional prefix).
 * Only the three kinds of the protocol exist, plus one internal group every node is in.
 */
public record Group(String name) {

    /** Internal: node-to-node control events (staff changes, probes); every node subscribes to it. */
    public static final Group NODES = new Group("nodes");

    private static final String DEPARTMENT = "department_";

    public static Group department(String department) {
        return new Group(DEPARTMENT + department);
    }

    public static Group conversation(long conversationId) {
        return new Group("conversation_" + conversationId);
    }

    public static Group guest(String whatsappNumber) {
        return new Group("guest_" + whatsappNumber);
    }

    public boolean isDepartment() {
        return name.startsWith(DEPARTMENT);
    }

    /** The department's name, for a department group. */
    public String department() {
        if (!isDepartment()) {
            throw new IllegalStateException(name + " is not a department group");
        }
        return name.substring(DEPARTMENT.length());
    }

    @Override
    public String toString() {
        return name;
    }
}
