package vn.tipline.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The largest request body taken, other than an upload (multipart: spring.servlet.multipart).
 *
 * @param maxBody JSON bodies (chat messages, webhooks, the officer API) and form posts
 */
@ConfigurationProperties("tipline.http")
public record HttpLimits(DataSize maxBody) {

    public HttpLimits {
        if (maxBody == null) {
            maxBody = DataSize.ofMegabytes(1);
        }
    }
}
