package com.hotelchat.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The previous release's runnable jar, built once from the commit CHANGELOG.md names (upgrade/previous-release.sh; later
 * runs find it in the cache). A clone without that commit (a shallow one) skips the test that needs it, saying why;
 * any other failure to build it fails the test.
 */
final class PreviousRelease {

    private static final int COMMIT_NOT_IN_CLONE = 3;

    private PreviousRelease() {}

    static Path jar() throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("upgrade/previous-release.sh"))) {
            root = root.getParent();
            if (root == null) {
                throw new IllegalStateException("upgrade/previous-release.sh not found above " + Path.of("").toAbsolutePath());
            }
        }
        Path log = Files.createTempFile("previous-release", ".log");
        Process build = new ProcessBuilder("bash", root.resolve("upgrade/previous-release.sh").toString())
                .directory(root.toFile()).redirectError(log.toFile()).start();
        String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!build.waitFor(15, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            throw new IllegalStateException("building the previous release took over 15 minutes; see " + log);
        }
        String errors = Files.readString(log);
        Assumptions.assumeFalse(build.exitValue() == COMMIT_NOT_IN_CLONE, errors.trim());
        if (build.exitValue() != 0 || !Files.isRegularFile(Path.of(out))) {
            throw new IllegalStateException("the previous release could not be built (exit " + build.exitValue() + "): "
                    + errors);
        }
        return Path.of(out);
    }
}
