package vn.tipline.conversation;

/** The text of one file under conversation-flows/, with the name to report problems against. */
public record FlowSource(String name, String content) {
}
