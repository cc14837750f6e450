package com.hotelchat.node.config;

import java.time.Duration;

/**
 * Where files are kept and how links to them behave. {@code store} is {@code postgres} (the default: nothing else to
 * run) or {@code s3} (any S3-compatible object store: the {@code s3*} settings). {@code urlTtl}: how long a signed
 * link in a message event opens the file; {@code unusedTtl}: how long an upload no message uses is kept;
 * {@code maxUploadsPerHour}: uploads one staff member or guest may start per hour, cluster-wide.
 */
public record MediaConfig(String store, String s3Endpoint, String s3Region, String s3Bucket, String s3AccessKey,
                          String s3SecretKey, boolean s3PathStyle, Duration urlTtl, Duration unusedTtl,
                          int maxUploadsPerHour) {

    public static final String POSTGRES = "postgres";
    public static final String S3 = "s3";

    void validate() {
        if (!POSTGRES.equals(store) && !S3.equals(store)) {
            throw new ConfigException("CHAT_MEDIA_STORE must be 'postgres' or 's3', not '" + store + "'");
        }
        if (S3.equals(store) && (s3Bucket == null || s3AccessKey == null || s3SecretKey == null)) {
            throw new ConfigException("CHAT_MEDIA_STORE=s3 needs CHAT_MEDIA_S3_BUCKET, CHAT_MEDIA_S3_ACCESS_KEY and "
                    + "CHAT_MEDIA_S3_SECRET_KEY (CHAT_MEDIA_S3_ENDPOINT for a store other than AWS)");
        }
    }

    @Override
    public String toString() {
        return "MediaConfig[store=" + store + (S3.equals(store) ? ", s3Endpoint=" + s3Endpoint + ", s3Region=" + s3Region
                + ", s3Bucket=" + s3Bucket + ", s3AccessKey=" + (s3AccessKey == null ? "unset" : "***")
                + ", s3SecretKey=" + (s3SecretKey == null ? "unset" : "***") + ", s3PathStyle=" + s3PathStyle : "")
                + ", urlTtl=" + urlTtl + ", unusedTtl=" + unusedTtl + ", maxUploadsPerHour=" + maxUploadsPerHour + "]";
    }
}
