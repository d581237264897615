package vn.tipline.channel.telegram;

import java.util.function.Supplier;

/** The bot's @username: configured, or learnt from getMe at startup; null until known. */
class BotIdentity implements Supplier<String> {

    private volatile String username;

    BotIdentity(String configured) {
        this.username = configured;
    }

    @Override
    public String get() {
        return username;
    }

    boolean known() {
        return username != null;
    }

    void learn(String username) {
        if (username != null && !username.isBlank()) {
            this.username = username;
        }
    }
}
