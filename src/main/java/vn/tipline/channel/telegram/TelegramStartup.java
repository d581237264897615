package vn.tipline.channel.telegram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import vn.tipline.conversation.FlowCatalog;
import vn.tipline.conversation.Flow;
import vn.tipline.conversation.Languages;
import vn.tipline.conversation.SystemTexts;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Connects the bot, in the background so the service starts even when Telegram is unreachable:
 * points Telegram at the webhook (or removes it, for polling), learns the bot's name, registers
 * the commands in Vietnamese and English, then, in polling mode, polls.
 */
class TelegramStartup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TelegramStartup.class);
    /** Engine commands, in menu order; flows' own commands (help, status) come between. */
    private static final List<String> FIRST = List.of("start", "menu");
    private static final List<String> LAST = List.of("cancel", "lang");

    private final BotApiClient api;
    private final BotIdentity identity;
    private final TelegramProperties properties;
    private final WebhookSecret secret;
    private final FlowCatalog catalog;
    private final LongPolling polling;
    private volatile boolean running;
    private Thread thread;

    TelegramStartup(BotApiClient api, BotIdentity identity, TelegramProperties properties, WebhookSecret secret,
                    FlowCatalog catalog, LongPolling polling) {
        this.api = api;
        this.identity = identity;
        this.properties = properties;
        this.secret = secret;
        this.catalog = catalog;
        this.polling = polling;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "telegram-startup");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (polling != null) {
            polling.stop();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        if (!retryUntilDone(properties.webhookMode() ? "setWebhook" : "deleteWebhook", this::connect)) {
            return;
        }
        if (!identity.known()) {
            attempt("getMe", () -> identity.learn(api.call("getMe", Map.of()).path("username").asText(null)));
        }
        attempt("setMyCommands", this::registerCommands);
        if (polling != null && running) {
            polling.run();
        }
    }

    private void connect() throws IOException, BotApiException {
        if (properties.webhookMode()) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("url", properties.webhookUrl().strip());
            params.put("secret_token", secret.value());
            params.put("allowed_updates", TelegramChannel.ALLOWED_UPDATES);
            params.put("drop_pending_updates", false);
            api.call("setWebhook", params);
            log.info("Telegram: webhook mode; updates are posted to /webhook/telegram");
        } else {
            // getUpdates answers 409 while a webhook is set.
            api.call("deleteWebhook", Map.of("drop_pending_updates", false));
            log.info("Telegram: long polling mode");
        }
    }

    /** The bot's command menu, per language; descriptions come from messages.yaml (command_<name>). */
    void registerCommands() throws IOException, BotApiException {
        for (String language : Languages.ALL) {
            api.call("setMyCommands", Map.of("commands", commands(catalog, language), "language_code", language));
        }
        // Users whose Telegram language is neither get the default language's.
        api.call("setMyCommands", Map.of("commands", commands(catalog, Languages.DEFAULT)));
        log.info("Telegram: bot commands registered in {}", Languages.ALL);
    }

    static List<Map<String, String>> commands(FlowCatalog catalog, String language) {
        List<String> names = new ArrayList<>(FIRST);
        catalog.flows().values().stream().map(Flow::command).filter(Objects::nonNull).sorted().forEach(names::add);
        names.addAll(LAST);
        SystemTexts texts = catalog.texts();
        List<Map<String, String>> commands = new ArrayList<>();
        for (String name : names.stream().distinct().toList()) {
            if (!texts.texts().containsKey("command_" + name)) {
                log.warn("Telegram: no text command_{} in messages.yaml; /{} is left out of the menu", name, name);
                continue;
            }
            String description = texts.get("command_" + name, language);
            commands.add(Map.of("command", name, "description",
                    description.length() > 256 ? description.substring(0, 256) : description));
        }
        return commands;
    }

    interface Step {
        void run() throws IOException, BotApiException;
    }

    /** Retries a step Telegram must accept before updates can flow, with growing pauses. */
    private boolean retryUntilDone(String name, Step step) {
        long pause = 1;
        while (running) {
            try {
                step.run();
                return true;
            } catch (BotApiException e) {
                log.warn("Telegram {} refused: {} {}; retrying in {} s", name, e.errorCode(), e.description(), pause);
                if (e.retryAfter() != null) {
                    pause = Math.max(pause, e.retryAfter());
                }
            } catch (IOException e) {
                log.warn("Telegram {} failed ({}); retrying in {} s", name, e.getClass().getSimpleName(), pause);
            }
            if (!sleep(Duration.ofSeconds(pause))) {
                return false;
            }
            pause = Math.min(pause * 2, 300);
        }
        return false;
    }

    /** A step that helps but is not required (a few tries, then a warning). */
    private void attempt(String name, Step step) {
        for (int i = 0; i < 3 && running; i++) {
            try {
                step.run();
                return;
            } catch (BotApiException e) {
                log.warn("Telegram {} refused: {} {}", name, e.errorCode(), e.description());
                if (e.errorCode() == 400) {
                    return;
                }
            } catch (IOException e) {
                log.warn("Telegram {} failed ({})", name, e.getClass().getSimpleName());
            }
            if (!sleep(Duration.ofSeconds(1L << i))) {
                return;
            }
        }
    }

    private boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
