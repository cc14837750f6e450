package com.hotelchat.node;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A node in a process of its own (the real {@code Main}, configured by environment), so a test can kill -9 it. */
final class NodeProcess implements AutoCloseable {

    private final Process process;
    final int port;

    private NodeProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The real {@code Main} in a process of its own, its output in {@code log}; not waited for. */
    static Process launch(Map<String, String> env, int port, File log) throws IOException {
        return launch(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()), env, port, log);
    }

    /** {@code program}: what follows {@code java -Xmx256m}: a class path and a main class, or {@code -jar} and a jar. */
    private static Process launch(List<String> program, Map<String, String> env, int port, File log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m"));
        command.addAll(program);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.environment().put("CHAT_PORT", Integer.toString(port));
        builder.redirectErrorStream(true).redirectOutput(log);
        return builder.start();
    }

    static NodeProcess start(Map<String, String> env, int port, File log) {
        return started(() -> launch(env, port, log), port, log);
    }

    /** A runnable jar (another release's, say) in a process of its own, started as {@code java -jar} starts it. */
    static NodeProcess startJar(java.nio.file.Path jar, Map<String, String> env, int port, File log) {
        return started(() -> launch(List.of("-jar", jar.toString()), env, port, log), port, log);
    }

    private interface Launcher {
        Process launch() throws IOException;
    }

    /** Launches, then waits for the node to be ready (a minute at most). */
    private static NodeProcess started(Launcher launcher, int port, File log) {
        try {
            NodeProcess node = new NodeProcess(launcher.launch(), port);
            Api api = new Api(port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                try {
                    if (api.get("/readyz", null).status() == 200) {
                        return node;
                    }
                } catch (RuntimeException notYet) {
                    Thread.sleep(200);
                }
            }
            node.kill();
            throw new IllegalStateException("node process did not become ready; see " + log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM: the node drains (shutdown hook) and exits. */
    void terminate() {
        process.destroy();
    }

    boolean waitForExit(long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing says goodbye. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
