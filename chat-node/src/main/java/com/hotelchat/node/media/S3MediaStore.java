package com.hotelchat.node.media;

import com.hotelchat.db.media.MediaStore;
import com.hotelchat.node.config.MediaConfig;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
import software.amazon.awssdk.services.s3.S3Configuration;
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
                // One signed request per file, no aws-chunked framing: what every S3-compatible store understands.
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
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

    /**
     * The bytes are spooled to a temporary file first: the request is signed over the whole body (which must be read
     * twice), and a stream that ends early is caught before anything reaches the bucket.
     */
    @Override
    public void put(String key, InputStream bytes, long size, String contentType) throws IOException {
        Path spool = Files.createTempFile("chat-s3-", ".bin");
        try {
            long copied;
            try (var out = Files.newOutputStream(spool)) {
                copied = bytes.transferTo(out);
            }
            if (copied != size) {
                throw new EOFException("the file has " + copied + " bytes, not " + size);
            }
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength(size),
                    RequestBody.fromFile(spool));
        } catch (SdkException e) {
            throw new IOException("storing " + key + " in bucket " + bucket + " failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(spool);
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
