package com.hotelchat.node.desk;

import com.hotelchat.domain.Activity;
import com.hotelchat.domain.Conversation;
import com.hotelchat.protocol.AssigneeData;
import java.util.function.Predicate;

/** Who acts on the queue, from a socket or a REST call: their id, name and departments. */
public record StaffActor(long id, String name, Predicate<String> member) {

    public AssigneeData asAssignee() {
        return new AssigneeData(id, name);
    }

    /** Who made a change, as the conversation's timeline names them. */
    public Activity.Person asPerson() {
        return new Activity.Person(id, name);
    }

    /** Conversations of the actor's departments; any other answers "not found" (existence is not leaked). */
    public boolean sees(Conversation c) {
        return member.test(c.department());
    }
}
