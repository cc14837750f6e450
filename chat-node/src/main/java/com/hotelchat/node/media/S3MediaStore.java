package com.hotelchat.node.media;

import com.hotelchat.db.media.MediaStore;
import com.hotelchat.node.config.MediaConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Files in an S3-compatible bucket (AWS S3, MinIO, Ceph, ...), for a cluster whose database should not carry them.
 * Every node reads what any node wrote. The bucket is made at start-up when it does not exist yet.
 */
public final class S3MediaStore implements MediaStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3MediaStore.class);

    private final S3Client s3;
    private final String bucket;

    public S3MediaStore(MediaConfig config) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.s3Region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.s3AccessKey(), config.s3SecretKey())))
                .forcePathStyle(config.s3PathStyle())
                // Plain requests with a length: what every S3-compatible store understands.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create());
        if (config.s3Endpoint() != null) {
            builder.endpointOverride(URI.create(config.s3Endpoint()));
        }
        this.s3 = builder.build();
        this.bucket = config.s3Bucket();
        ensureBucket();
    }

    private void ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            s3.createBucket(b -> b.bucket(bucket));
            log.info("created media bucket {}", bucket);
        }
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public void put(String key, InputStream bytes, long size, String contentType) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength(size),
                    RequestBody.fromInputStream(bytes, size));
        } catch (SdkException e) {
            throw new IOException("storing " + key + " in bucket " + bucket + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (SdkException e) {
            throw new IOException("reading " + key + " from bucket " + bucket + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new IOException("deleting " + key + " from bucket " + bucket + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
