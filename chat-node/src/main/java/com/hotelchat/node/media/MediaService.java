package com.hotelchat.node.media;

import com.hotelchat.db.media.MediaRecord;
import com.hotelchat.db.media.MediaRecords;
import com.hotelchat.db.media.MediaStore;
import com.hotelchat.domain.Attachment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.apache.tika.Tika;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes files in: reads the bytes (never more than the largest allowed), takes the type from them, checks the limit
 * for that type, strips images of their metadata, stores the file, then records it. A file refused at any step leaves
 * nothing behind; a file whose record cannot be written is removed from the store again.
 */
public final class MediaService {

    private static final Logger log = LoggerFactory.getLogger(MediaService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MediaStore store;
    private final MediaRecords records;
    private final Tika tika = new Tika();

    public MediaService(MediaStore store, MediaRecords records) {
        this.store = store;
        this.records = records;
    }

    /**
     * Stores an upload. {@code declaredLength} is the request's Content-Length (-1 when unknown): fewer bytes than
     * that is a truncated upload. {@code asSticker}: a WhatsApp sticker (a WebP image).
     */
    public MediaRecord store(InputStream body, long declaredLength, String name, Uploader uploader, boolean asSticker) {
        return store(body, declaredLength, name, uploader, asSticker, null);
    }

    /**
     * Stores a guest's WhatsApp file under WhatsApp's media id. When another node stored it first, its record is
     * returned and these bytes removed.
     */
    public MediaRecord storeFromWhatsApp(InputStream body, long declaredLength, String name, boolean asSticker,
                                         String whatsappMediaId) {
        try {
            return store(body, declaredLength, name, Uploader.whatsApp(), asSticker, whatsappMediaId);
        } catch (org.apache.ibatis.exceptions.PersistenceException e) {
            return records.findByWhatsAppMediaId(whatsappMediaId).orElseThrow(() -> e);
        }
    }

    private MediaRecord store(InputStream body, long declaredLength, String name, Uploader uploader, boolean asSticker,
                              String whatsappMediaId) {
        if (declaredLength > MediaType.LARGEST) {
            throw tooLarge(declaredLength, MediaType.LARGEST);
        }
        Path temp = null;
        try {
            temp = Files.createTempFile("chat-upload-", ".bin");
            long size;
            try {
                size = copyAtMost(body, temp, MediaType.LARGEST);
            } catch (IOException e) {
                throw new MediaRejectedException(400, "The upload was cut short (" + e.getClass().getSimpleName()
                        + "): nothing was stored; send the file again");
            }
            if (size > MediaType.LARGEST) {
                throw new MediaRejectedException(413, "The file is too large (more than " + MediaType.LARGEST
                        + " bytes: " + MediaType.describeLimits() + ")");
            }
            if (declaredLength >= 0 && size < declaredLength) {
                throw new MediaRejectedException(400, "The upload was cut short: " + size + " of " + declaredLength
                        + " bytes arrived. Nothing was stored; send the file again");
            }
            if (size == 0) {
                throw new MediaRejectedException(400, "The file is empty");
            }
            String detected;
            try (InputStream in = Files.newInputStream(temp)) {
                detected = tika.detect(in, name);
            }
            MediaType type = MediaType.of(detected).orElseThrow(() -> new MediaRejectedException(415,
                    "Files of type " + detected + " are not accepted: " + MediaType.describeLimits()));
            if (asSticker) {
                type = type.asSticker();
            }
            if (size > type.maxBytes()) {
                throw tooLarge(size, type.maxBytes());
            }
            return keep(temp, size, type, FileNames.clean(name, type), uploader, whatsappMediaId);
        } catch (IOException e) {
            throw new UncheckedIOException("reading an upload failed", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    log.warn("could not remove temporary upload {}", temp, e);
                }
            }
        }
    }

    private MediaRecord keep(Path file, long size, MediaType type, String name, Uploader uploader,
                             String whatsappMediaId) throws IOException {
        byte[] image = null;
        if (Attachment.IMAGE.equals(type.type()) || Attachment.STICKER.equals(type.type())) {
            try {
                image = MetadataStripper.strip(type.contentType(), Files.readAllBytes(file));
            } catch (MetadataStripper.BadImageException e) {
                throw new MediaRejectedException(400, "The image could not be read: " + e.getMessage());
            }
            size = image.length;
        }
        String id = newId();
        MessageDigest digest = sha256();
        // One read of the bytes: the store takes them as the digest sees them go by.
        try (InputStream in = new DigestInputStream(image != null ? new ByteArrayInputStream(image)
                : Files.newInputStream(file), digest)) {
            store.put(id, in, size, type.contentType());
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        MediaRecord record = new MediaRecord(id, type.type(), type.contentType(), size, name, sha256, store.name(),
                uploader.type(), uploader.id(), null, null, null, whatsappMediaId);
        try {
            records.insert(record);
        } catch (RuntimeException e) {
            try {
                store.delete(id);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        log.info("media stored id={} type={} contentType={} size={} by={}:{}", id, type.type(), type.contentType(),
                size, uploader.type(), uploader.id());
        return record;
    }

    /** The file's bytes, from the store that holds it. */
    public InputStream open(MediaRecord media) throws IOException {
        return store.open(media.id());
    }

    /** Removes an unused upload's bytes (its row goes in the caller's transaction). */
    public void removeBytes(MediaRecord media) {
        try {
            store.delete(media.id());
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + media.id() + " failed", e);
        }
    }

    private static long copyAtMost(InputStream in, Path target, long limit) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > limit) {
                    return total;
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newId() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static MediaRejectedException tooLarge(long size, long limit) {
        return new MediaRejectedException(413, "The file is too large (" + size + " bytes; at most " + limit
                + " for this type: " + MediaType.describeLimits() + ")");
    }
}
