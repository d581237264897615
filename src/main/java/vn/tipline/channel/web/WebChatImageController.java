package vn.tipline.channel.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import vn.tipline.channel.PublishedImages;

import java.io.IOException;
import java.time.Duration;

/** {@code GET /api/chat/images/{id}}: a picture the bot sent in a web chat (a campaign's), 404 for anything else. */
@RestController
@Tag(name = "Web chat")
class WebChatImageController {

    /** The only types the store writes after re-encoding. */
    private static final MediaType PNG = MediaType.IMAGE_PNG;
    private static final String PREFIX = "/api/chat/images/";

    private final ObjectProvider<PublishedImages> images;

    WebChatImageController(ObjectProvider<PublishedImages> images) {
        this.images = images;
    }

    static String url(String id) {
        return PREFIX + id;
    }

    /** The picture's id in an address {@link #url} made. */
    static String id(String url) {
        return url.substring(PREFIX.length());
    }

    @GetMapping("/api/chat/images/{id}")
    @Operation(summary = "A picture sent by the bot (a broadcast's); nothing else is served here")
    ResponseEntity<Resource> image(@PathVariable String id) throws IOException {
        PublishedImages published = images.getIfAvailable();
        Resource image = published == null ? null : published.find(id).orElse(null);
        if (image == null) {
            return ResponseEntity.notFound().build();
        }
        String type = image instanceof org.springframework.data.mongodb.gridfs.GridFsResource file ? file.getContentType() : null;
        return ResponseEntity.ok().contentType(PNG.toString().equals(type) ? PNG : MediaType.IMAGE_JPEG)
                .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePrivate())
                .header("X-Content-Type-Options", "nosniff").body(image);
    }
}
