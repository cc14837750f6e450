package com.hotelchat.node.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hotelchat.db.Database;
import com.hotelchat.db.TestPostgres;
import com.hotelchat.db.media.MediaStore;
import com.hotelchat.db.media.PostgresMediaStore;
import com.hotelchat.node.ClusterFixture;
import com.hotelchat.node.MediaHttp;
import com.hotelchat.node.TestFiles;
import com.hotelchat.node.config.MediaConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link MediaStore} must do, run against both: PostgreSQL and a real S3-compatible server (s3rver).
 * Then a two-node cluster on S3: a file uploaded through one node is served by the other.
 */
class MediaStoreContractTest {

    private static TestS3 s3;
    private static Database database;

    @BeforeAll
    static void start() {
        assumeTrue(TestS3.installed(), "s3rver is not installed (npm ci in web-tests)");
        s3 = new TestS3();
        database = Database.open(TestPostgres.freshDatabase());
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    static MediaConfig s3Config(String bucket) {
        return new MediaConfig(MediaConfig.S3, s3.endpoint(), "us-east-1", bucket, TestS3.ACCESS_KEY, TestS3.SECRET_KEY,
                true, Duration.ofHours(1), Duration.ofDays(1), 300);
    }

    /** The contract; each nested class runs it against one store. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Contract {

        abstract MediaStore store();

        @Test
        void whatIsPutIsReadBackWholeFromMoreThanOneChunk() throws IOException {
            byte[] file = new byte[2 * 1024 * 1024 + 12345];
            new Random(7).nextBytes(file);
            store().put("contract-big", new ByteArrayInputStream(file), file.length, "application/pdf");
            try (InputStream in = store().open("contract-big")) {
                assertThat(in.readAllBytes()).isEqualTo(file);
            }
        }

        @Test
        void aKeyPutAgainHoldsTheNewBytesOnly() throws IOException {
            store().put("contract-again", new ByteArrayInputStream(new byte[3_000_000]), 3_000_000, "image/png");
            byte[] small = TestFiles.png();
            store().put("contract-again", new ByteArrayInputStream(small), small.length, "image/png");
            try (InputStream in = store().open("contract-again")) {
                assertThat(in.readAllBytes()).isEqualTo(small);
            }
        }

        @Test
        void aMissingKeyIsNoSuchFileAndDeletingItIsNoError() throws IOException {
            assertThatThrownBy(() -> store().open("contract-never-stored")).isInstanceOf(NoSuchFileException.class);
            store().delete("contract-never-stored");
        }

        @Test
        void aDeletedFileIsGone() throws IOException {
            byte[] pdf = TestFiles.pdf();
            store().put("contract-deleted", new ByteArrayInputStream(pdf), pdf.length, "application/pdf");
            store().delete("contract-deleted");
            assertThatThrownBy(() -> store().open("contract-deleted")).isInstanceOf(NoSuchFileException.class);
        }

        @Test
        void aStreamShorterThanItsSizeStoresNothing() {
            byte[] half = new byte[1000];
            assertThatThrownBy(() -> store().put("contract-short", new ByteArrayInputStream(half), 5000, "image/png"))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> store().open("contract-short")).isInstanceOf(NoSuchFileException.class);
        }
    }

    @Nested
    class Postgres extends Contract {
        private final MediaStore store = new PostgresMediaStore(database);

        @Override
        MediaStore store() {
            return store;
        }
    }

    @Nested
    class S3 extends Contract {
        private final S3MediaStore store = new S3MediaStore(s3Config("contract"));

        @Override
        MediaStore store() {
            return store;
        }
    }

    @Test
    void aClusterOnS3ServesFromEveryNodeWhatOneNodeTookIn() {
        try (ClusterFixture cluster = new ClusterFixture(2, Map.of("CHAT_MEDIA_STORE", "s3",
                "CHAT_MEDIA_S3_ENDPOINT", s3.endpoint(), "CHAT_MEDIA_S3_BUCKET", "cluster-media",
                "CHAT_MEDIA_S3_ACCESS_KEY", TestS3.ACCESS_KEY, "CHAT_MEDIA_S3_SECRET_KEY", TestS3.SECRET_KEY))) {
            String staff = cluster.user("s3_staff", "reception");
            byte[] photo = TestFiles.jpegWithExif();
            MediaHttp.Uploaded up = MediaHttp.upload(cluster.nodes.get(0).port(), staff, photo, "room.jpg", "image/jpeg");
            assertEquals(201, up.status(), up.body().toString());
            var got = MediaHttp.get(cluster.nodes.get(1).port(), up.body().path("url").asText(), null);
            assertEquals(200, got.statusCode());
            assertEquals(up.body().path("size").asLong(), got.body().length);
            assertThat(TestFiles.contains(got.body(), TestFiles.GPS_TEXT)).isFalse();
        }
    }
}
