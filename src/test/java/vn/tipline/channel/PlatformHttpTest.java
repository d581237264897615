package vn.tipline.channel;

import com.sun.net.httpserver.HttpServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The platform clients' HTTP settings against loopback servers. */
class PlatformHttpTest {

    /** A platform that answers at once but a byte at a time never lets a read wait long: only the call's bound cuts it. */
    @Test
    void anAnswerTricklingInIsCutOffAtTheRequestTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread trickler = new Thread(() -> trickle(server, 30, Duration.ofMillis(100)), "trickler");
            trickler.setDaemon(true);
            trickler.start();
            OkHttpClient http = PlatformHttp.builder(Duration.ofSeconds(1), 1).build();
            Request request = new Request.Builder().url("http://127.0.0.1:" + server.getLocalPort() + "/").build();

            assertThatThrownBy(() -> {
                try (Response response = http.newCall(request).execute()) {
                    response.body().string(); // 30 bytes, 3 s
                }
            }).isInstanceOf(InterruptedIOException.class);
            trickler.interrupt();
        }
    }

    /** OkHttp keeps five idle connections by default; more callers than that used to reconnect on every round. */
    @Test
    void moreCallersThanFiveKeepTheirConnectionsFromCallToCall() throws Exception {
        int callers = 12;
        Set<Object> connections = ConcurrentHashMap.newKeySet();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        ExecutorService handlers = Executors.newFixedThreadPool(callers);
        ExecutorService clients = Executors.newFixedThreadPool(callers);
        CountDownLatch[] round = {new CountDownLatch(callers)};
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            connections.add(exchange.getRemoteAddress());
            // Every caller's call is open at once: each round needs as many connections as callers.
            CountDownLatch all = round[0];
            all.countDown();
            try {
                all.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            OkHttpClient http = PlatformHttp.builder(Duration.ofSeconds(10), callers).build();
            Request request = new Request.Builder().url("http://127.0.0.1:" + server.getAddress().getPort() + "/").build();
            for (int r = 0; r < 4; r++) {
                round[0] = new CountDownLatch(callers);
                List<CompletableFuture<String>> calls = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    calls.add(CompletableFuture.supplyAsync(() -> {
                        try (Response response = http.newCall(request).execute()) {
                            return response.body().string();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }, clients));
                }
                calls.forEach(call -> assertThat(call.join()).isEqualTo("{}"));
                // The pool closes a surplus idle connection on its own thread, right after the call ends.
                Thread.sleep(200);
            }
            assertThat(connections).hasSize(callers);
        } finally {
            server.stop(0);
            handlers.shutdownNow();
            clients.shutdownNow();
        }
    }

    /** Answers one request with a body of {@code bytes} bytes, one byte every {@code every}. */
    private static void trickle(ServerSocket server, int bytes, Duration every) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            String head = "";
            while (!head.endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    return;
                }
                head += (char) c;
            }
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + bytes + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < bytes; i++) {
                Thread.sleep(every.toMillis());
                out.write('x');
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // The client gave up, or the test is over.
        }
    }
}
