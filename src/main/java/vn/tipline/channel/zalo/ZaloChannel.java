package vn.tipline.channel.zalo;

/** The channel's name in conversations, reporter keys and the outbox. */
final class ZaloChannel {

    static final String NAME = "zalo";

    private ZaloChannel() {
    }
}
