package com.hotelchat.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void anEnvelopeComesBackAsItWasSentWithItsPublisher() {
        Envelope e = new Envelope(Envelope.Kind.MESSAGE, 12, 345, 344, "reception", "node-a-7", 9,
                "{\"type\":\"message\",\"data\":{\"content\":\"two\\nlines | and a pipe\"}}", 1_700_000_000_123L);
        WireFormat.Wire wire = WireFormat.decode(WireFormat.encode("node-a", e));
        assertThat(wire).isEqualTo(new WireFormat.Wire("node-a", e));
    }

    @Test
    void absentFieldsStayAbsent() {
        Envelope e = new Envelope(Envelope.Kind.STAFF_CHANGED, 0, 0, 0, null, null, 5, "5", 1L);
        assertThat(WireFormat.decode(WireFormat.encode("n", e)).envelope()).isEqualTo(e);
    }

    @Test
    void aVersionedEnvelopeKeepsItsVersionInAnExtensionOfTheNodeLine() {
        Envelope e = new Envelope(Envelope.Kind.DESK, 12, 0, 0, "reception", null, 0,
                "{\"type\":\"conversation_state\"}", 5L, 7);
        String wire = WireFormat.encode("node-a", e);
        assertThat(wire).isEqualTo("E1\nnode-a\tv=7\nDESK\n12\n0\n0\nreception\n\n0\n5\n{\"type\":\"conversation_state\"}");
        assertThat(WireFormat.decode(wire)).isEqualTo(new WireFormat.Wire("node-a", e));
    }

    @Test
    void extensionsThisReleaseDoesNotKnowAreIgnored() {
        WireFormat.Wire wire = WireFormat.decode("E1\nnode-b\tx=later\tv=9\tt=00-abc\nDESK\n12\n0\n0\nreception\n\n0\n5\n{}");
        assertThat(wire.node()).isEqualTo("node-b");
        assertThat(wire.envelope().version()).isEqualTo(9);
        assertThat(wire.envelope().payload()).isEqualTo("{}");
    }

    @Test
    void anUnversionedEnvelopeIsWrittenAsThePreviousReleaseReadsIt() {
        Envelope e = new Envelope(Envelope.Kind.MESSAGE, 12, 345, 344, "reception", null, 0, "{}", 5L);
        String wire = WireFormat.encode("node-a", e);
        assertThat(wire).isEqualTo("E1\nnode-a\nMESSAGE\n12\n345\n344\nreception\n\n0\n5\n{}");
    }

    private static final String TRACE_PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void aTraceParentTravelsOnTheNodeLine() {
        Envelope e = new Envelope(Envelope.Kind.MESSAGE, 12, 345, 344, "reception", null, 0, "{}", 5L);
        String wire = WireFormat.encode("node-a", e, TRACE_PARENT);
        assertThat(wire).isEqualTo("E1\nnode-a\ttp=" + TRACE_PARENT + "\nMESSAGE\n12\n345\n344\nreception\n\n0\n5\n{}");
        assertThat(WireFormat.decode(wire)).isEqualTo(new WireFormat.Wire("node-a", e, TRACE_PARENT));
    }

    @Test
    void aTraceParentChangesNothingButTheNodeLineWhichThePreviousReleaseOnlyComparesWithItsOwnId() {
        Envelope versioned = Envelope.versioned(Envelope.Kind.DESK, 12, 7, "reception", "{\"type\":\"x\"}");
        Envelope plain = new Envelope(Envelope.Kind.MESSAGE, 12, 345, 344, "reception", "s-1", 3, "{\"a\":1}", 5L);
        for (Envelope e : java.util.List.of(versioned, plain)) {
            String[] without = WireFormat.encode("node-a", e).split("\n", -1);
            String[] with = WireFormat.encode("node-a", e, TRACE_PARENT).split("\n", -1);
            assertThat(with).hasSameSizeAs(without);
            for (int i = 0; i < with.length; i++) {
                if (i == 1) {
                    assertThat(with[i]).isNotEqualTo("node-a").startsWith("node-a\t");
                } else {
                    assertThat(with[i]).isEqualTo(without[i]);
                }
            }
        }
    }

    @Test
    void withoutATraceParentTheNodeLineIsTheNodeIdAlone() {
        Envelope e = new Envelope(Envelope.Kind.MESSAGE, 12, 345, 344, "reception", null, 0, "{}", 5L);
        assertThat(WireFormat.encode("node-a", e, null)).isEqualTo(WireFormat.encode("node-a", e));
        assertThat(WireFormat.decode(WireFormat.encode("node-a", e)).traceParent()).isNull();
    }

    @Test
    void attributesANodeDoesNotKnowAreIgnored() {
        WireFormat.Wire wire = WireFormat.decode("E1\nnode-b\tzz=later\ttp=" + TRACE_PARENT + "\tyy=1\nMESSAGE\n1\n2\n1\n\n\n0\n5\n{}");
        assertThat(wire.node()).isEqualTo("node-b");
        assertThat(wire.traceParent()).isEqualTo(TRACE_PARENT);
        assertThat(WireFormat.decode("E1\nnode-b\tzz=later\nMESSAGE\n1\n2\n1\n\n\n0\n5\n{}").traceParent()).isNull();
    }

    @Test
    void aTimedEnvelopeCarriesWhenItsCommandWasReceivedInAnExtensionOfTheNodeLine() {
        Envelope e = new Envelope(Envelope.Kind.MESSAGE, 12, 345, 344, "reception", null, 0, "{}", 5L)
                .receivedAt(1_700_000_000_123_456L);
        String wire = WireFormat.encode("node-a", e);
        // The previous release's layout, line for line: it reads "node-a\treceived=..." as the publisher's id.
        assertThat(wire).isEqualTo("E1\nnode-a\treceived=1700000000123456\nMESSAGE\n12\n345\n344\nreception\n\n0\n5\n{}");
        assertThat(WireFormat.decode(wire)).isEqualTo(new WireFormat.Wire("node-a", e));
        Envelope versioned = Envelope.versioned(Envelope.Kind.DESK, 12, 7, "reception", "{}").receivedAt(99);
        assertThat(WireFormat.decode(WireFormat.encode("node-a", versioned)).envelope()).isEqualTo(versioned);
    }

    @Test
    void aReceivedTimeThatIsNotANumberLosesOnlyTheTime() {
        WireFormat.Wire wire = WireFormat.decode("E1\nnode-b\treceived=soon\tv=3\nDESK\n3\n0\n0\n\ns-1\n7\n5\n{}");
        assertThat(wire.node()).isEqualTo("node-b");
        assertThat(wire.envelope().receivedAtMicros()).isZero();
        assertThat(wire.envelope().version()).isEqualTo(3);
        assertThat(wire.envelope().payload()).isEqualTo("{}");
    }

    @Test
    void theEarlierJsonFormIsStillRead() {
        String legacy = "{\"node\":\"old\",\"envelope\":{\"kind\":\"NEW_CONVERSATION\",\"conversationId\":3,\"messageId\":0,"
                + "\"previousMessageId\":0,\"department\":\"reception\",\"originSession\":null,\"originUser\":0,"
                + "\"payload\":\"{}\",\"publishedAtMillis\":42}}";
        WireFormat.Wire wire = WireFormat.decode(legacy);
        assertThat(wire.node()).isEqualTo("old");
        assertThat(wire.envelope().kind()).isEqualTo(Envelope.Kind.NEW_CONVERSATION);
        assertThat(wire.envelope().conversationId()).isEqualTo(3);
    }

    @Test
    void garbageIsRefused() {
        assertThat(WireFormat.decode("hello")).isNull();
        assertThat(WireFormat.decode("E1\nn\nNOPE\n1\n2\n3\n\n\n4\n5\n{}")).isNull();
        assertThat(WireFormat.decode("{not json")).isNull();
    }
}
