package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {

    @Test
    void findsTheMetricsOfAnExpressionAndNothingElse() {
        String expression = "histogram_quantile(0.99, sum by (le, node) (rate(chat_delivery_latency_seconds_bucket"
                + "{node=~\"$node\", kind!=\"a b\"}[$__rate_interval]))) > ${deliveryLatencyP99Seconds} "
                + "and on (node) chat_ready == bool 1 or deriv(max without (pod) (chat_outbox)[15m:1m]) > 0 "
                + "unless sum(chat_x_total offset 5m) by (node) > 1e3";
        assertThat(PromQlNames.in(expression)).containsExactly("chat_delivery_latency_seconds_bucket", "chat_outbox",
                "chat_ready", "chat_x_total");
    }

    @Test
    void grafanasLabelValuesNamesItsMetricNotItsLabel() {
        assertThat(PromQlNames.in("label_values(chat_sessions, node)")).containsExactly("chat_sessions");
    }
}
