package com.hotelchat.node.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The signing secret of a single node started without CHAT_AUTH_SECRET: generated once, kept in its data directory. */
public final class AuthSecretFile {

    private AuthSecretFile() {}

    public static String loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve("auth-secret");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            Files.createDirectories(dataDir);
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String secret = HexFormat.of().formatHex(bytes);
            Files.writeString(file, secret, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system; the directory's own permissions protect it.
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the auth secret in " + file, e);
        }
    }
}
