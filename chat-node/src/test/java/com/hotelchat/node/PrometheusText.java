package com.hotelchat.node;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a node's {@code GET /metrics} answered, read as Prometheus text: its samples by series. */
public final class PrometheusText {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** {@code name{labels} value}, labels optional (a label value may hold '}' only escaped: ours never do). */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

    private final String text;
    private final Map<String, Double> samples = new LinkedHashMap<>();
    private final Set<String> names = new TreeSet<>();

    PrometheusText(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find()) {
                names.add(m.group(1));
                samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
    }

    /** Scrapes the node listening on {@code port}. */
    public static PrometheusText scrape(int port) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/metrics answered " + response.statusCode());
            }
            return new PrometheusText(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String text() {
        return text;
    }

    /** Every sample name (with its {@code _bucket}, {@code _count}, {@code _sum}, {@code _total} suffix). */
    public Set<String> names() {
        return names;
    }

    /** The sum of the samples named {@code name} whose labels include every one of {@code labels} (0 when none). */
    public double sum(String name, String... labels) {
        double sum = 0;
        for (Map.Entry<String, Double> sample : samples.entrySet()) {
            String series = sample.getKey();
            if (series.equals(name) || series.startsWith(name + "{") && hasAll(series, labels)) {
                sum += sample.getValue();
            }
        }
        return sum;
    }

    private static boolean hasAll(String series, String[] labels) {
        for (String label : labels) {
            if (!series.contains(label)) {
                return false;
            }
        }
        return true;
    }
}
