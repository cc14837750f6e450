package com.hotelchat.db;

import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * An external PostgreSQL's JDBC URL, read by the driver's own parser: one host, or several
 * ({@code jdbc:postgresql://pg-0:5432,pg-1:5432/chat}), as managed services and Patroni or CloudNativePG set-ups give
 * them. With several hosts the driver connects to whichever is the primary now ({@code targetServerType=primary}, which
 * the node sets unless the URL says otherwise), so a node finds a promoted standby by itself.
 */
public final class DatabaseUrl {

    /** What the driver accepts for "the primary" ({@code master} is its older name). */
    private static final List<String> PRIMARY = List.of("primary", "master");
    /** Every targetServerType the driver knows. */
    private static final List<String> KNOWN = List.of("any", "primary", "master", "secondary", "slave",
            "preferSecondary", "preferSlave", "preferPrimary");

    private final String url;
    private final Properties parsed;

    private DatabaseUrl(String url, Properties parsed) {
        this.url = url;
        this.parsed = parsed;
    }

    /**
     * Reads and checks {@code url}; the message of the {@link IllegalArgumentException} says what is wrong and never
     * contains a password.
     */
    public static DatabaseUrl parse(String url) {
        Properties parsed = url == null ? null : Driver.parseURL(url, new Properties());
        if (parsed == null) {
            throw new IllegalArgumentException("is not a PostgreSQL JDBC URL: expected "
                    + "jdbc:postgresql://host[:port][,host[:port]...]/database[?parameters], not '" + mask(url) + "'");
        }
        String target = parsed.getProperty("targetServerType");
        if (target != null && !PRIMARY.contains(target)) {
            throw new IllegalArgumentException(!KNOWN.contains(target)
                    ? "has targetServerType=" + target + ", which the driver does not know (it is case-sensitive); "
                    + "leave it out (the node asks for the primary) or write targetServerType=primary"
                    : "has targetServerType=" + target + ": a node writes, so it must connect to the primary; leave it "
                    + "out (the node asks for the primary) or write targetServerType=primary");
        }
        return new DatabaseUrl(url, parsed);
    }

    /** {@code host:port} of every host the URL names, in its order. */
    public List<String> hosts() {
        String[] hosts = parsed.getProperty("PGHOST", "localhost").split(",");
        String[] ports = parsed.getProperty("PGPORT", "5432").split(",");
        return java.util.stream.IntStream.range(0, hosts.length)
                .mapToObj(i -> hosts[i] + ":" + (i < ports.length ? ports[i] : "5432")).toList();
    }

    /** Whether the URL sets {@code name} itself (then it wins over the node's defaults). */
    public boolean sets(String name) {
        return parsed.getProperty(name) != null;
    }

    public String url() {
        return url;
    }

    @Override
    public String toString() {
        return mask(url);
    }

    /**
     * {@code url} with the values of its password parameters (and any {@code user:password@} part) replaced by
     * {@code ***}, for logs and error messages.
     */
    public static String mask(String url) {
        if (url == null) {
            return "null";
        }
        String masked = url.replaceAll("//[^/@?]*@", "//***@");
        for (String secret : List.of("password", "sslpassword")) {
            masked = masked.replaceAll("(?i)([?&;]" + secret + "=)[^&;#]*", "$1***");
        }
        return masked;
    }
}
