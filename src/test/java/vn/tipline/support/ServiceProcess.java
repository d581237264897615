package vn.tipline.support;

import vn.tipline.Application;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The service in a child JVM on the test classpath (profile "test"), so a test can kill it the way
 * an operating system does: {@link #kill()} is SIGKILL, with no shutdown hook and no final commit.
 * Its output goes to a log file in the data directory, shown when it fails to start.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private ServiceProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the service on {@code port} with its store in {@code dataDir}, plus {@code args} (--name=value). */
    public static ServiceProcess start(Path dataDir, int port, List<String> args) throws IOException {
        return start(dataDir, port, List.of(), System.getProperty("java.class.path"), args);
    }

    /**
     * The service as Spring AOT runs it ({@code -Dspring.aot.enabled=true}): {@code aotClasses} holds the
     * compiled output of Spring's AOT processing, put ahead of the test classpath.
     */
    public static ServiceProcess startAot(Path dataDir, int port, Path aotClasses, List<String> args) throws IOException {
        return start(dataDir, port, List.of("-Dspring.aot.enabled=true"),
                aotClasses + File.pathSeparator + System.getProperty("java.class.path"), args);
    }

    private static ServiceProcess start(Path dataDir, int port, List<String> jvmOptions, String classPath, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, Application.class.getName(),
                "--spring.profiles.active=test", "--server.port=" + port, "--tipline.store.data-dir=" + dataDir));
        command.addAll(args);
        Files.createDirectories(dataDir);
        Path log = Files.createTempFile(dataDir, "service-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServiceProcess(process, log, port);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** The child's process id, to read its resident memory. */
    public long pid() {
        return process.pid();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Waits until /actuator/health says UP. */
    public ServiceProcess awaitHealthy(Duration atMost) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(atMost);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("service exited: " + log());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/health")))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("service did not become healthy: " + log());
    }

    /** SIGKILL; returns once the process is gone, with the instant it was known to be gone. */
    public Instant kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        return Instant.now();
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** SIGTERM: a graceful stop (the store commits and closes). */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
