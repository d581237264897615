package vn.tipline.channel.telegram;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;

/**
 * For {@link InboundBenchmark} only (test sources, and off unless {@code tipline.bench.bare-endpoint=true}):
 * reads the body like the webhook does and answers 200 without doing anything, on the same server,
 * behind the same filters, so the webhook's rate can be compared with what the server itself allows.
 */
@RestController
@ConditionalOnProperty(name = "tipline.bench.bare-endpoint", havingValue = "true")
class BareBenchEndpoint {

    @PostMapping("/webhook/bench-bare")
    ResponseEntity<Void> receive(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            in.readNBytes(TelegramWebhookController.MAX_BODY + 1);
        }
        return ResponseEntity.ok().build();
    }
}
