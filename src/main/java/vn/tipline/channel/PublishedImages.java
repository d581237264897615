package vn.tipline.channel;

import org.springframework.core.io.Resource;

import java.util.Optional;

/**
 * Pictures the bot has sent to citizens (a broadcast's), by file id: the only files the web chat
 * serves. Evidence photos share the store but are never found here.
 */
public interface PublishedImages {

    Optional<Resource> find(String id);
}
