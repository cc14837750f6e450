package com.hotelchat.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeConfigTest {

    @Test
    void noVariablesAtAllIsAWorkingSingleNode() {
        NodeConfig config = NodeConfig.from(Map.of());
        assertThat(config.singleNode()).isTrue();
        assertThat(config.embeddedDatabase()).isTrue();
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.defaultDepartment()).isEqualTo("reception");
    }

    @Test
    void aClusterNodeRefusesToStartWithoutASharedSecretAndSaysWhy() {
        assertThatThrownBy(() -> NodeConfig.from(Map.of("CHAT_REDIS_URL", "redis://127.0.0.1:6379")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CHAT_AUTH_SECRET is required");
    }

    @Test
    void wrongValuesNameTheVariable() {
        assertThatThrownBy(() -> NodeConfig.from(Map.of("CHAT_PORT", "eighty")))
                .hasMessage("CHAT_PORT must be a whole number, not 'eighty'");
        assertThatThrownBy(() -> NodeConfig.from(Map.of("CHAT_PORT", "70000")))
                .hasMessage("CHAT_PORT must be between 0 and 65535, not 70000");
        assertThatThrownBy(() -> NodeConfig.from(Map.of("CHAT_ADMIN_USERNAME", "admin")))
                .hasMessageContaining("must be set together");
        assertThatThrownBy(() -> NodeConfig.from(Map.of("CHAT_AUTH_SECRET", "short")))
                .hasMessageContaining("at least 32 characters");
        assertThatThrownBy(() -> NodeConfig.from(Map.of("CHAT_DEFAULT_DEPARTMENT", "Front Desk")))
                .hasMessageContaining("CHAT_DEFAULT_DEPARTMENT");
        assertThatThrownBy(() -> NodeConfig.from(Map.of("CHAT_NODE_ID", "node one")))
                .hasMessageContaining("CHAT_NODE_ID must not be empty or contain spaces");
    }

    @Test
    void tracesAreOffWithoutAnOtlpEndpointAndTheirHeadersNeverPrinted() {
        assertThat(NodeConfig.from(Map.of("OTEL_SERVICE_NAME", "chat")).tracing().enabled()).isFalse();
        NodeConfig traced = NodeConfig.from(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer s3cret"));
        assertThat(traced.tracing().enabled()).isTrue();
        assertThat(traced.tracing().properties()).containsEntry("otel.exporter.otlp.endpoint", "http://collector:4318");
        assertThat(traced.toString()).contains("traces=otlp http://collector:4318").doesNotContain("s3cret");
        assertThat(NodeConfig.from(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_SDK_DISABLED", "true")).tracing().enabled()).isFalse();
        assertThatThrownBy(() -> NodeConfig.from(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
                .hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf");
    }

    @Test
    void aRedisClusterUrlIsAcceptedAndABadRedisUrlIsRefusedSayingWhatWouldDo() {
        String secret = "a-shared-secret-of-more-than-32-characters";
        NodeConfig config = NodeConfig.from(Map.of("CHAT_AUTH_SECRET", secret,
                "CHAT_REDIS_URL", "redis-cluster://10.0.0.1:7000,10.0.0.2:7000,[::1]:7001"));
        assertThat(config.singleNode()).isFalse();
        assertThatThrownBy(() -> NodeConfig.from(Map.of("CHAT_AUTH_SECRET", secret,
                "CHAT_REDIS_URL", "http://127.0.0.1:6379")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("CHAT_REDIS_URL: ")
                .hasMessageContaining("redis-cluster://host:port[,host:port...]");
        assertThatThrownBy(() -> NodeConfig.from(Map.of("CHAT_AUTH_SECRET", secret,
                "CHAT_REDIS_URL", "redis-cluster://user:s3cret@10.0.0.1:7000,10.0.0.2")))
                .hasMessageContaining("'10.0.0.2' is not host:port").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> NodeConfig.from(Map.of("CHAT_AUTH_SECRET", secret,
                "CHAT_REDIS_URL", "redis-cluster://10.0.0.1:7000/2")))
                .hasMessageContaining("a cluster has no database number");
        assertThatThrownBy(() -> NodeConfig.from(Map.of("CHAT_AUTH_SECRET", secret,
                "CHAT_REDIS_URL", "redis-cluster://10.0.0.1:7000", "CHAT_REDIS_CHANNEL_PREFIX", "{hotel}:")))
                .hasMessageContaining("CHAT_REDIS_CHANNEL_PREFIX must not contain '{' or '}'");
    }

    @Test
    void secretsAreMaskedWhenTheConfigurationIsLogged() {
        NodeConfig config = NodeConfig.from(Map.of("CHAT_AUTH_SECRET", "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t",
                "CHAT_DB_PASSWORD", "db-pass-123", "CHAT_REDIS_URL", "redis://user:redis-pass@host:6379",
                "CHAT_WHATSAPP_ACCESS_TOKEN", "wa-token-123", "CHAT_ADMIN_USERNAME", "admin",
                "CHAT_ADMIN_PASSWORD", "admin-pass-123"));
        assertThat(config.toString()).doesNotContain("s3cr3t", "db-pass-123", "redis-pass", "wa-token-123", "admin-pass-123");
    }

    @Test
    void aDatabaseUrlMayNameSeveralHostsAndMustAskForThePrimary() {
        NodeConfig config = NodeConfig.from(Map.of("CHAT_DB_URL",
                "jdbc:postgresql://pg-0.db:5432,pg-1.db:5432/chat?targetServerType=primary&sslmode=require"));
        assertThat(config.dbUrl()).startsWith("jdbc:postgresql://pg-0.db:5432,pg-1.db:5432/chat");
        assertThat(NodeConfig.from(Map.of("CHAT_DB_URL", "jdbc:postgresql://pg-0:5432,pg-1:5432/chat")).dbUrl())
                .as("without targetServerType: the node asks for the primary itself").isNotNull();
        assertThatThrownBy(() -> NodeConfig.from(Map.of("CHAT_DB_URL",
                "jdbc:postgresql://pg-0:5432,pg-1:5432/chat?targetServerType=preferSecondary")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("CHAT_DB_URL has targetServerType=preferSecondary: a node writes, so it must "
                        + "connect to the primary");
        assertThatThrownBy(() -> NodeConfig.from(Map.of("CHAT_DB_URL",
                "jdbc:postgresql://pg-0:5432/chat?targetServerType=Primary")))
                .hasMessageContaining("which the driver does not know");
        assertThatThrownBy(() -> NodeConfig.from(Map.of("CHAT_DB_URL",
                "postgres://chat:hunter22@pg-0:5432/chat")))
                .hasMessageStartingWith("CHAT_DB_URL is not a PostgreSQL JDBC URL: expected jdbc:postgresql://")
                .hasMessageNotContaining("hunter22");
        assertThatThrownBy(() -> NodeConfig.from(Map.of("CHAT_DB_FAILOVER_WAIT_MS", "-1")))
                .hasMessage("CHAT_DB_FAILOVER_WAIT_MS must be between 0 and 300000, not -1");
    }

    @Test
    void aPasswordWrittenInTheDatabaseUrlIsMaskedWhenLogged() {
        NodeConfig config = NodeConfig.from(Map.of("CHAT_DB_URL",
                "jdbc:postgresql://pg-0:5432,pg-1:5432/chat?user=chat&password=url-secret-1&sslpassword=key-secret-2"));
        assertThat(config.toString()).contains("pg-0:5432,pg-1:5432/chat?user=chat&password=***")
                .doesNotContain("url-secret-1", "key-secret-2");
    }
}
