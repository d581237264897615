package vn.tipline.channel;

import vn.tipline.conversation.Outbound;

import java.util.List;

/**
 * How a channel will show messages: the channel's own renderer turns them into its requests and
 * those are read back, so an officer's preview follows the same limits, splitting and escaping as
 * the sending does. One implementation per channel with a renderer of its own (Telegram, Zalo).
 */
public interface ChannelPreview {

    /** "telegram" or "zalo". */
    String channel();

    List<Bubble> preview(List<Outbound> messages);

    /**
     * One message as the chat shows it.
     *
     * @param picture whether it carries the picture
     * @param text    the text as displayed (after the channel's markup is read), "" for none
     * @param buttons button labels
     */
    record Bubble(boolean picture, String text, List<String> buttons) {
    }
}
