package com.hotelchat.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Bus} promises. An implementation's test extends this class; node(i) returns the bus of the
 * i-th node on one shared medium (the same instance for the in-process bus, one Redis for the Redis bus).
 */
public abstract class BusContract {

    protected abstract Bus node(int index);

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static Envelope envelope(String payload) {
        return new Envelope(Envelope.Kind.MESSAGE, 7, 11, 10, "reception", "s-1", 3, payload);
    }

    @Test
    public void envelopeReachesEverySubscriberOfTheGroupOnEveryNode() {
        List<Envelope> first = new CopyOnWriteArrayList<>();
        List<Envelope> second = new CopyOnWriteArrayList<>();
        node(0).subscribe(Group.conversation(7), first::add);
        node(1).subscribe(Group.conversation(7), second::add);
        Envelope sent = envelope("{\"type\":\"message\"}");
        node(0).publish(Group.conversation(7), sent);
        await().atMost(WAIT).until(() -> first.size() == 1 && second.size() == 1);
        assertThat(first).containsExactly(sent);
        assertThat(second).containsExactly(sent);
    }

    @Test
    public void envelopesPublishedTogetherArriveOnEveryNodeInListOrder() {
        List<String> localConversation = new CopyOnWriteArrayList<>();
        List<String> remoteConversation = new CopyOnWriteArrayList<>();
        List<String> remoteDepartment = new CopyOnWriteArrayList<>();
        node(0).subscribe(Group.conversation(8), e -> localConversation.add(e.payload()));
        node(1).subscribe(Group.conversation(8), e -> remoteConversation.add(e.payload()));
        node(1).subscribe(Group.department("reception"), e -> remoteDepartment.add(e.payload()));
        Envelope typing = new Envelope(Envelope.Kind.TYPING, 8, 0, 0, "reception", "s-2", 3, "typing");
        for (int i = 0; i < 20; i++) {
            node(0).publish(List.of(new Publication(Group.conversation(8), envelope("m" + i)),
                    new Publication(Group.guest("+15550008"), envelope("m" + i)),
                    new Publication(Group.conversation(8), typing),
                    new Publication(Group.department("reception"), envelope("update" + i))));
        }
        await().atMost(WAIT).until(() -> remoteConversation.size() >= 40 && remoteDepartment.size() == 20);
        List<String> expected = new ArrayList<>();
        List<String> updates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("m" + i);
            expected.add("typing");
            updates.add("update" + i);
        }
        assertThat(remoteConversation).containsExactlyElementsOf(expected);
        assertThat(localConversation).containsExactlyElementsOf(expected);
        assertThat(remoteDepartment).containsExactlyElementsOf(updates);
    }

    @Test
    public void subscribersOfOtherGroupsReceiveNothing() {
        List<Envelope> other = new CopyOnWriteArrayList<>();
        List<Envelope> target = new CopyOnWriteArrayList<>();
        node(1).subscribe(Group.department("housekeeping"), other::add);
        node(1).subscribe(Group.department("reception"), target::add);
        node(0).publish(Group.department("reception"), envelope("a"));
        node(0).publish(Group.department("housekeeping"), envelope("marker"));
        await().atMost(WAIT).until(() -> other.size() == 1);
        assertThat(other).extracting(Envelope::payload).containsExactly("marker");
        assertThat(target).extracting(Envelope::payload).containsExactly("a");
    }

    @Test
    public void cancelledSubscriptionReceivesNothingMore() {
        List<Envelope> cancelled = new CopyOnWriteArrayList<>();
        List<Envelope> kept = new CopyOnWriteArrayList<>();
        Subscription subscription = node(1).subscribe(Group.guest("+15550001"), cancelled::add);
        node(1).subscribe(Group.guest("+15550001"), kept::add);
        subscription.cancel();
        subscription.cancel();
        node(0).publish(Group.guest("+15550001"), envelope("after"));
        await().atMost(WAIT).until(() -> kept.size() == 1);
        assertThat(cancelled).isEmpty();
    }

    @Test
    public void envelopesFromOnePublisherArriveInPublishOrder() {
        List<String> received = new CopyOnWriteArrayList<>();
        node(1).subscribe(Group.conversation(9), e -> received.add(e.payload()));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sent.add("m" + i);
            node(0).publish(Group.conversation(9), envelope("m" + i));
        }
        await().atMost(WAIT).until(() -> received.size() == sent.size());
        assertThat(received).isEqualTo(sent);
    }

    @Test
    public void aHandlerThatThrowsDoesNotStopOthers() {
        List<Envelope> kept = new CopyOnWriteArrayList<>();
        node(1).subscribe(Group.conversation(5), e -> {
            throw new IllegalStateException("boom");
        });
        node(1).subscribe(Group.conversation(5), kept::add);
        node(0).publish(Group.conversation(5), envelope("one"));
        node(0).publish(Group.conversation(5), envelope("two"));
        await().atMost(WAIT).until(() -> kept.size() == 2);
    }

    @Test
    public void statusIsUpWhenConnected() {
        assertThat(node(0).status().up()).isTrue();
    }
}
