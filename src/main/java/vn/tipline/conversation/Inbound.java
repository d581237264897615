package vn.tipline.conversation;

/** What a citizen sent, whatever the channel. Adapters map their platform's updates to these. */
public sealed interface Inbound {

    /** Typed text, NFC-normalised by the engine. Text starting with '/' is read as a command. */
    record Text(String text) implements Inbound {
    }

    /** A press on a button the bot showed; {@code payload} is what the engine put in {@link Button#payload()}. */
    record ButtonPress(String payload) implements Inbound {
    }

    /** A bot command such as {@code /status TG-7KQ4-M2PX}; {@code name} without slash or bot name. */
    record Command(String name, String argument) implements Inbound {
    }

    record Location(double latitude, double longitude) implements Inbound {
    }

    /** A photo or file, already downloaded by the channel. No file name: it may identify the sender. */
    record Media(byte[] data, String contentType) implements Inbound {
    }

    /** A shared phone contact. Kept only on a tip the citizen chose not to file anonymously. */
    record Contact(String phone, String name) implements Inbound {
    }

    /** Something the bot cannot read (sticker, voice, ...); {@code kind} is for the reply, not for logs. */
    record Unsupported(String kind) implements Inbound {
    }
}
