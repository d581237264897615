package vn.tipline.broadcast;

import java.util.List;

/**
 * Who a campaign reaches: active subscribers in any of the provinces or communes (none given: the
 * whole country), interested in any of the topics (none: any), on any of the channels (none: all).
 */
public record Audience(List<Integer> provinces, List<Integer> communes, List<String> topics, List<String> channels) {

    public Audience {
        provinces = provinces == null ? List.of() : List.copyOf(provinces);
        communes = communes == null ? List.of() : List.copyOf(communes);
        topics = topics == null ? List.of() : List.copyOf(topics);
        channels = channels == null ? List.of() : List.copyOf(channels);
    }
}
