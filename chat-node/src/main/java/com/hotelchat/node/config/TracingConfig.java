package com.hotelchat.node.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Traces: the standard {@code OTEL_*} variables of the node's environment. Off unless {@code OTEL_EXPORTER_OTLP_ENDPOINT}
 * (or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}) is set, and off with {@code OTEL_SDK_DISABLED=true}. The rest
 * ({@code OTEL_SERVICE_NAME}, {@code OTEL_RESOURCE_ATTRIBUTES}, {@code OTEL_TRACES_SAMPLER}, {@code _ARG},
 * {@code OTEL_EXPORTER_OTLP_HEADERS}, ...) is read by the OpenTelemetry SDK's own configuration. OTLP travels over
 * HTTP (protobuf), the only transport the node ships.
 *
 * @param variables every {@code OTEL_*} variable that is set, by name
 */
public record TracingConfig(Map<String, String> variables) {

    static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    private static final String HTTP_PROTOBUF = "http/protobuf";

    public TracingConfig {
        variables = Map.copyOf(variables);
    }

    static TracingConfig from(Map<String, String> env) {
        Map<String, String> otel = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("OTEL_") && value != null && !value.isBlank()) {
                otel.put(name, value.trim());
            }
        });
        return new TracingConfig(otel);
    }

    /** Where spans go; null when no endpoint is set. */
    public String endpoint() {
        return variables.getOrDefault(TRACES_ENDPOINT, variables.get(ENDPOINT));
    }

    public boolean enabled() {
        return endpoint() != null && !"true".equalsIgnoreCase(variables.get("OTEL_SDK_DISABLED"));
    }

    /**
     * The variables as the SDK's configuration properties ({@code OTEL_SERVICE_NAME} is {@code otel.service.name}),
     * which is how the SDK reads environment variables itself.
     */
    public Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>();
        variables.forEach((name, value) -> properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value));
        return properties;
    }

    void validate() {
        for (String name : new String[] {"OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"}) {
            String protocol = variables.get(name);
            if (protocol != null && !protocol.equals(HTTP_PROTOBUF)) {
                throw new ConfigException(name + " must be " + HTTP_PROTOBUF + " (the node exports OTLP over HTTP, "
                        + "port 4318 of a collector), not '" + protocol + "'");
            }
        }
    }

    /** The endpoint only: the other variables may hold credentials ({@code OTEL_EXPORTER_OTLP_HEADERS}). */
    @Override
    public String toString() {
        return enabled() ? "otlp " + endpoint() : "off";
    }
}
