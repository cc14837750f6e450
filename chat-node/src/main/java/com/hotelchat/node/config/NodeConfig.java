package com.hotelchat.node.config;

import com.hotelchat.bus.RedisTarget;
import com.hotelchat.db.DatabaseUrl;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every setting of a node, read from {@code CHAT_*} environment variables in one place and validated at start-up.
 * {@link #toString()} masks secrets so the whole record can be logged.
 */
public record NodeConfig(
        int port,
        String nodeId,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        String redisUrl,
        String redisChannelPrefix,
        String authSecret,
        Duration tokenTtl,
        String adminUsername,
        String adminPassword,
        String defaultDepartment,
        List<String> allowedOrigins,
        int wsMaxCommandsPerSecond,
        int wsSendQueueLimit,
        int passwordHashIterations,
        String whatsappAppSecret,
        String whatsappVerifyToken,
        String whatsappApiUrl,
        String whatsappAccessToken,
        String whatsappPhoneNumberId,
        String whatsappBusinessAccountId,
        String publicUrl,
        Duration busProbeInterval,
        Duration presenceHeartbeatTtl,
        Duration drainGrace,
        Duration presenceHandOver,
        int loginMaxFailures,
        int loginMaxFailuresPerAddress,
        List<String> trustedProxies,
        int dbCommitters,
        Duration dbCommitLinger,
        int appendQueueLimit,
        Duration dbFailoverWait,
        Duration deskTick,
        Duration scheduleTick,
        java.time.ZoneId hotelTimeZone,
        Duration repairInterval,
        String logFormat,
        MediaConfig media,
        TracingConfig tracing) {

    /** No database URL: a PostgreSQL from the jar keeps its data under {@link #dataDir()}. */
    public boolean embeddedDatabase() {
        return dbUrl == null;
    }

    /** Staff replies go out over WhatsApp only with an access token and a sender phone number id. */
    public boolean whatsappSendingEnabled() {
        return whatsappAccessToken != null && whatsappPhoneNumberId != null;
    }

    /** Templates can be imported from WhatsApp with the access token and the WhatsApp Business Account's id. */
    public boolean whatsappTemplateImportEnabled() {
        return whatsappAccessToken != null && whatsappBusinessAccountId != null;
    }

    /** No Redis URL: a single node with an in-process bus. */
    public boolean singleNode() {
        return redisUrl == null;
    }

    public static NodeConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static NodeConfig from(Map<String, String> env) {
        Settings s = new Settings(env);
        NodeConfig config = new NodeConfig(
                s.integer("CHAT_PORT", 8080, 0, 65535),
                s.text("CHAT_NODE_ID", hostname()),
                Path.of(s.text("CHAT_DATA_DIR", "chat-data")),
                s.text("CHAT_DB_URL", null),
                s.text("CHAT_DB_USER", "postgres"),
                s.text("CHAT_DB_PASSWORD", "postgres"),
                s.integer("CHAT_DB_POOL_SIZE", 16, 1, 500),
                s.text("CHAT_REDIS_URL", null),
                s.text("CHAT_REDIS_CHANNEL_PREFIX", ""),
                s.text("CHAT_AUTH_SECRET", null),
                Duration.ofSeconds(s.integer("CHAT_TOKEN_TTL", 12 * 3600, 60, 30 * 24 * 3600)),
                s.text("CHAT_ADMIN_USERNAME", null),
                s.text("CHAT_ADMIN_PASSWORD", null),
                s.text("CHAT_DEFAULT_DEPARTMENT", "reception"),
                s.list("CHAT_ALLOWED_ORIGINS"),
                s.integer("CHAT_WS_MAX_COMMANDS_PER_SECOND", 30, 1, 10_000),
                s.integer("CHAT_WS_SEND_QUEUE_LIMIT", 2048, 16, 1_000_000),
                s.integer("CHAT_PASSWORD_HASH_ITERATIONS", 120_000, 1_000, 10_000_000),
                s.text("CHAT_WHATSAPP_APP_SECRET", null),
                s.text("CHAT_WHATSAPP_VERIFY_TOKEN", null),
                s.text("CHAT_WHATSAPP_API_URL", "https://graph.facebook.com/v21.0"),
                s.text("CHAT_WHATSAPP_ACCESS_TOKEN", null),
                s.text("CHAT_WHATSAPP_PHONE_NUMBER_ID", null),
                s.text("CHAT_WHATSAPP_BUSINESS_ACCOUNT_ID", null),
                s.text("CHAT_PUBLIC_URL", null),
                Duration.ofMillis(s.integer("CHAT_BUS_PROBE_INTERVAL_MS", 2000, 100, 60_000)),
                Duration.ofSeconds(s.integer("CHAT_PRESENCE_HEARTBEAT_TTL", 15, 2, 25)),
                Duration.ofMillis(s.integer("CHAT_DRAIN_GRACE_MS", 5000, 0, 120_000)),
                Duration.ofSeconds(s.integer("CHAT_PRESENCE_HANDOVER_SECONDS", 20, 1, 300)),
                s.integer("CHAT_LOGIN_MAX_FAILURES", 10, 1, 1_000),
                s.integer("CHAT_LOGIN_MAX_FAILURES_PER_ADDRESS", 100, 1, 100_000),
                s.list("CHAT_TRUSTED_PROXIES"),
                s.integer("CHAT_DB_COMMITTERS", 2, 1, 64),
                Duration.ofMillis(s.integer("CHAT_DB_COMMIT_LINGER_MS", 10, 0, 1_000)),
                s.integer("CHAT_APPEND_QUEUE_LIMIT", 2_000, 10, 1_000_000),
                Duration.ofMillis(s.integer("CHAT_DB_FAILOVER_WAIT_MS", 15_000, 0, 300_000)),
                Duration.ofMillis(s.integer("CHAT_DESK_TICK_MS", 1000, 50, 60_000)),
                Duration.ofMillis(s.integer("CHAT_SCHEDULE_TICK_MS", 1000, 50, 60_000)),
                s.zone("CHAT_HOTEL_TIME_ZONE", "UTC"),
                Duration.ofMillis(s.integer("CHAT_REPAIR_INTERVAL_MS", 1000, 100, 5_000)),
                s.text("CHAT_LOG_FORMAT", "text"),
                new MediaConfig(s.text("CHAT_MEDIA_STORE", MediaConfig.POSTGRES),
                        s.text("CHAT_MEDIA_S3_ENDPOINT", null), s.text("CHAT_MEDIA_S3_REGION", "us-east-1"),
                        s.text("CHAT_MEDIA_S3_BUCKET", null), s.text("CHAT_MEDIA_S3_ACCESS_KEY", null),
                        s.text("CHAT_MEDIA_S3_SECRET_KEY", null),
                        Boolean.parseBoolean(s.text("CHAT_MEDIA_S3_PATH_STYLE", "true")),
                        Duration.ofSeconds(s.integer("CHAT_MEDIA_URL_TTL_SECONDS", 3600, 10, 7 * 24 * 3600)),
                        Duration.ofSeconds(s.integer("CHAT_MEDIA_UNUSED_TTL_SECONDS", 24 * 3600, 5, 30 * 24 * 3600)),
                        s.integer("CHAT_MEDIA_MAX_UPLOADS_PER_HOUR", 300, 1, 1_000_000)),
                TracingConfig.from(env));
        config.validate();
        return config;
    }

    private void validate() {
        if (nodeId.isEmpty() || nodeId.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException("CHAT_NODE_ID must not be empty or contain spaces, tabs or line breaks: it names "
                    + "the node in the header of every bus message, not '" + nodeId + "'");
        }
        tracing.validate();
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new ConfigException("CHAT_LOG_FORMAT must be 'text' or 'json' (one JSON object per line), not '"
                    + logFormat + "'");
        }
        if (dbUrl != null) {
            try {
                DatabaseUrl.parse(dbUrl);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("CHAT_DB_URL " + e.getMessage());
            }
        }
        if (!singleNode()) {
            validateRedis();
        }
        if (!singleNode() && authSecret == null) {
            throw new ConfigException("CHAT_AUTH_SECRET is required when CHAT_REDIS_URL is set: every node of a cluster "
                    + "must verify the tokens the others issue, so they need one shared secret");
        }
        if (authSecret != null && authSecret.length() < 32) {
            throw new ConfigException("CHAT_AUTH_SECRET must be at least 32 characters long");
        }
        if ((adminUsername == null) != (adminPassword == null)) {
            throw new ConfigException("CHAT_ADMIN_USERNAME and CHAT_ADMIN_PASSWORD must be set together");
        }
        if (adminPassword != null && adminPassword.length() < 8) {
            throw new ConfigException("CHAT_ADMIN_PASSWORD must be at least 8 characters long");
        }
        media.validate();
        if (!com.hotelchat.domain.Department.isValidName(defaultDepartment)) {
            throw new ConfigException("CHAT_DEFAULT_DEPARTMENT must be a slug of 1-64 characters from [a-z0-9_-]");
        }
    }

    /** A URL the node can use, and on a Redis Cluster a prefix that does not pin everything to one shard. */
    private void validateRedis() {
        RedisTarget target;
        try {
            target = RedisTarget.parse(redisUrl);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("CHAT_REDIS_URL: " + e.getMessage());
        }
        if (target instanceof RedisTarget.Cluster
                && (redisChannelPrefix.contains("{") || redisChannelPrefix.contains("}"))) {
            throw new ConfigException("CHAT_REDIS_CHANNEL_PREFIX must not contain '{' or '}' with a Redis Cluster: a "
                    + "hash tag in it would put every channel and key of the install on one shard");
        }
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }

    @Override
    public String toString() {
        return "NodeConfig[port=" + port + ", nodeId=" + nodeId + ", dataDir=" + dataDir
                + ", db=" + (embeddedDatabase() ? "embedded" : DatabaseUrl.mask(dbUrl)) + ", dbUser=" + dbUser + ", dbPassword=" + mask(dbPassword)
                + ", dbPoolSize=" + dbPoolSize + ", redis=" + (singleNode() ? "none (in-process bus)" : maskUrl(redisUrl))
                + ", authSecret=" + mask(authSecret) + ", tokenTtl=" + tokenTtl + ", admin=" + adminUsername
                + ", defaultDepartment=" + defaultDepartment + ", allowedOrigins=" + allowedOrigins
                + ", wsMaxCommandsPerSecond=" + wsMaxCommandsPerSecond + ", wsSendQueueLimit=" + wsSendQueueLimit
                + ", whatsappApiUrl=" + whatsappApiUrl + ", whatsappAppSecret=" + mask(whatsappAppSecret)
                + ", whatsappAccessToken=" + mask(whatsappAccessToken)
                + ", whatsappBusinessAccountId=" + whatsappBusinessAccountId + ", publicUrl=" + publicUrl
                + ", loginMaxFailures=" + loginMaxFailures + ", loginMaxFailuresPerAddress=" + loginMaxFailuresPerAddress
                + ", trustedProxies=" + trustedProxies + ", dbCommitters=" + dbCommitters
                + ", dbCommitLinger=" + dbCommitLinger.toMillis() + " ms"
                + ", dbFailoverWait=" + dbFailoverWait.toMillis() + " ms"
                + ", appendQueueLimit=" + appendQueueLimit + ", hotelTimeZone=" + hotelTimeZone + ", media=" + media
                + ", traces=" + tracing + "]";
    }

    private static String mask(String secret) {
        return secret == null ? "unset" : "***";
    }

    private static String maskUrl(String url) {
        return RedisTarget.masked(url);
    }

    /** Reads and checks single variables, naming the variable in every complaint. */
    private record Settings(Map<String, String> env) {

        String text(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        int integer(String name, int fallback, int min, int max) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed < min || parsed > max) {
                    throw new ConfigException(name + " must be between " + min + " and " + max + ", not " + value);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new ConfigException(name + " must be a whole number, not '" + value + "'");
            }
        }

        java.time.ZoneId zone(String name, String fallback) {
            String value = text(name, fallback);
            try {
                return java.time.ZoneId.of(value);
            } catch (java.time.DateTimeException e) {
                throw new ConfigException(name + " must be a time zone like Europe/Berlin or UTC, not '" + value + "'");
            }
        }

        List<String> list(String name) {
            String value = text(name, null);
            return value == null ? List.of()
                    : Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
        }
    }
}
