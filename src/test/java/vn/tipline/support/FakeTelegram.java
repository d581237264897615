package vn.tipline.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Telegram Bot API server on loopback that follows the official contract
 * (core.telegram.org/bots/api): {@code POST /bot<token>/<method>} with JSON, form or multipart
 * bodies, the {@code {"ok":...}} envelope, Telegram's error codes and descriptions (401, 400
 * "can't parse entities", 403 blocked, 409 conflicts, 429 with {@code parameters.retry_after}),
 * getUpdates with offsets and long-poll timeouts, getFile and file downloads. It records every call
 * and can be told to fail, throttle, block a chat, or redeliver updates it was told are confirmed.
 */
public final class FakeTelegram implements AutoCloseable {

    public static final String TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk";
    public static final String BOT_USERNAME = "TiplineTestBot";
    public static final long BOT_ID = 123456789L;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("/bot([^/]+)/([A-Za-z]+)");
    private static final Pattern FILE_PATH = Pattern.compile("/file/bot([^/]+)/(.+)");
    private static final Pattern HTML_TAG = Pattern.compile(
            "</?(b|strong|i|em|u|ins|s|strike|del|span|tg-spoiler|a|code|pre|blockquote|tg-emoji)(\\s[^<>]*)?>");
    private static final Pattern HTML_ENTITY = Pattern.compile("&(lt|gt|amp|quot|#\\d+|#x[0-9a-fA-F]+);");

    /** One recorded Bot API call. {@code params} are the JSON (or form) parameters; {@code file} an uploaded file. */
    /** File ids handed out for uploaded photos (reusable in later sendPhoto calls), with their sizes. */
    private final Map<String, Integer> issuedPhotos = new java.util.concurrent.ConcurrentHashMap<>();

    public record Call(String method, JsonNode params, byte[] file, Instant at, int status) {

        public String chatId() {
            return params.path("chat_id").asText();
        }

        public String text() {
            return params.path("text").asText(params.path("caption").asText(""));
        }
    }

    /** A scripted error answer. */
    public record Failure(int code, String description, Integer retryAfter) {

        public static Failure tooManyRequests(int seconds) {
            return new Failure(429, "Too Many Requests: retry after " + seconds, seconds);
        }

        public static Failure badGateway() {
            return new Failure(502, "Bad Gateway", null);
        }

        public static Failure internal() {
            return new Failure(500, "Internal Server Error", null);
        }
    }

    private final HttpServer server;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<Call> inReplies = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Deque<Failure>> failures = new ConcurrentHashMap<>();
    private final Map<String, Deque<Duration>> stalls = new ConcurrentHashMap<>();
    private final Map<String, Outage> outages = new ConcurrentHashMap<>();
    private final Set<String> blocked = ConcurrentHashMap.newKeySet();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> filePaths = new ConcurrentHashMap<>();
    private final AtomicLong messageIds = new AtomicLong(1000);
    private final AtomicLong fileIds = new AtomicLong(1);
    /** Updates not yet confirmed by a getUpdates offset, and those confirmed (for redelivery). */
    private final TreeMap<Long, JsonNode> pending = new TreeMap<>();
    private final TreeMap<Long, JsonNode> confirmed = new TreeMap<>();
    private final AtomicLong updateIds = new AtomicLong(500_000);
    private final AtomicLong pollGeneration = new AtomicLong();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile String webhookUrl = "";
    private volatile String webhookSecret;

    private FakeTelegram(HttpServer server) {
        this.server = server;
    }

    public static FakeTelegram start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeTelegram fake = new FakeTelegram(server);
            server.createContext("/", fake::handle);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fake-telegram");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- what the test tells the fake ----

    /** The next {@code times} calls of {@code method} fail with {@code failure}. */
    public void failNext(String method, int times, Failure failure) {
        Deque<Failure> queue = failures.computeIfAbsent(method, m -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.add(failure);
            }
        }
    }

    /**
     * The next {@code times} calls of {@code method} are carried out (a message is delivered) but
     * answered only after {@code delay}: Telegram slow to answer, the client's timeout runs out first.
     */
    public void stallNext(String method, int times, Duration delay) {
        Deque<Duration> queue = stalls.computeIfAbsent(method, m -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.add(delay);
            }
        }
    }

    /** Every call of {@code method} fails with {@code failure} for {@code duration} from now. */
    public void failFor(String method, Duration duration, Failure failure) {
        outages.put(method, new Outage(Instant.now().plus(duration), failure));
    }

    private record Outage(Instant until, Failure failure) {
    }

    /** The user of this private chat blocked the bot: sending to it answers 403. */
    public void block(String chatId) {
        blocked.add(chatId);
    }

    public void unblock(String chatId) {
        blocked.remove(chatId);
    }

    /** A file a user sent; returns its file_id. */
    public String addFile(byte[] data, String extension) {
        String id = "AgACAgIAAxkBAAI" + fileIds.incrementAndGet();
        files.put(id, data);
        filePaths.put(id, "photos/file_" + fileIds.get() + "." + extension);
        return id;
    }

    /** Queues an update for getUpdates; returns it with its update_id. */
    public synchronized JsonNode queue(ObjectNode update) {
        long id = updateIds.incrementAndGet();
        update.put("update_id", id);
        pending.put(id, update);
        notifyAll();
        return update;
    }

    /** A fresh update_id, for updates pushed to a webhook. */
    public long nextUpdateId() {
        return updateIds.incrementAndGet();
    }

    /** Telegram forgot the confirmations: every confirmed update is delivered again. */
    public synchronized void redeliverConfirmed() {
        pending.putAll(confirmed);
        confirmed.clear();
        notifyAll();
    }

    public synchronized int pendingUpdates() {
        return pending.size();
    }

    public synchronized Set<Long> confirmedUpdateIds() {
        return Set.copyOf(confirmed.keySet());
    }

    /** Sets a webhook as if another deployment had, so getUpdates answers 409 until deleteWebhook. */
    public void presetWebhook(String url) {
        webhookUrl = url;
    }

    public String webhookUrl() {
        return webhookUrl;
    }

    public String webhookSecret() {
        return webhookSecret;
    }

    /** Posts an update to the service's webhook the way Telegram does, with the secret it was given. */
    public int push(String localWebhookUrl, JsonNode update) {
        return push(localWebhookUrl, update.toString(), webhookSecret);
    }

    public int push(String localWebhookUrl, String body, String secret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(localWebhookUrl))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (secret != null) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        if (response.statusCode() == 200) {
            performFromReply(response.body());
        }
        return response.statusCode();
    }

    /**
     * Carries out a method the webhook's 200 names in its body, as Telegram does ("Making requests when
     * getting updates", core.telegram.org/bots/api): recorded in {@link #calls()} and in
     * {@link #callsInWebhookReplies()}; its result goes nowhere. For tests that post updates themselves.
     */
    public void performFromReply(String body) {
        if (body == null || body.isBlank()) {
            return;
        }
        JsonNode reply;
        try {
            reply = JSON.readTree(body);
        } catch (IOException notJson) {
            return;
        }
        if (!reply.path("method").isTextual()) {
            return;
        }
        ObjectNode params = ((ObjectNode) reply).deepCopy();
        String method = params.remove("method").asText();
        ObjectNode answer = answer(method, new Parsed(params, null));
        int status = answer.path("ok").asBoolean() ? 200 : answer.path("error_code").asInt();
        Call call = new Call(method, params, null, Instant.now(), status);
        calls.add(call);
        inReplies.add(call);
    }

    // ---- what the test reads ----

    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The methods the service's webhook answers carried (see {@link #push}), in order. */
    public List<Call> callsInWebhookReplies() {
        synchronized (inReplies) {
            return List.copyOf(inReplies);
        }
    }

    public List<Call> calls(String method) {
        return calls().stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Messages delivered (status 200) to one chat, in order. */
    public List<Call> delivered(String chatId) {
        return calls().stream().filter(c -> c.status() == 200 && c.method().startsWith("send")
                && c.chatId().equals(chatId)).toList();
    }

    // ---- the server ----

    private void handle(HttpExchange exchange) throws IOException {
        // When the request arrived, as Telegram counts it against its caps: before reading the body.
        Instant arrived = Instant.now();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Matcher file = FILE_PATH.matcher(path);
            if (exchange.getRequestMethod().equals("GET") && file.matches()) {
                download(exchange, file.group(1), file.group(2));
                return;
            }
            Matcher m = PATH.matcher(path);
            if (!m.matches()) {
                reply(exchange, 404, error(404, "Not Found", null));
                return;
            }
            if (!m.group(1).equals(TOKEN)) {
                reply(exchange, 401, error(401, "Unauthorized", null));
                return;
            }
            Parsed request = parse(exchange);
            String method = m.group(2);
            ObjectNode answer = answer(method, request);
            int status = answer.path("ok").asBoolean() ? 200 : answer.path("error_code").asInt();
            calls.add(new Call(method, request.params(), request.file(), arrived, status));
            stall(method);
            reply(exchange, status, answer);
        } catch (RuntimeException e) {
            reply(exchange, 500, error(500, "Internal Server Error: " + e, null));
        }
    }

    private record Parsed(ObjectNode params, byte[] file) {
    }

    private void stall(String method) {
        Deque<Duration> queue = stalls.get(method);
        Duration delay = null;
        if (queue != null) {
            synchronized (queue) {
                delay = queue.poll();
            }
        }
        if (delay != null) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ObjectNode answer(String method, Parsed request) {
        Outage outage = outages.get(method);
        if (outage != null && Instant.now().isBefore(outage.until())) {
            Failure failure = outage.failure();
            return error(failure.code(), failure.description(), failure.retryAfter());
        }
        Deque<Failure> scripted = failures.get(method);
        if (scripted != null) {
            Failure failure;
            synchronized (scripted) {
                failure = scripted.poll();
            }
            if (failure != null) {
                return error(failure.code(), failure.description(), failure.retryAfter());
            }
        }
        ObjectNode p = request.params();
        switch (method) {
            case "getMe":
                return ok(JSON.createObjectNode().put("id", BOT_ID).put("is_bot", true).put("first_name", "Tip line")
                        .put("username", BOT_USERNAME).put("can_join_groups", true)
                        .put("can_read_all_group_messages", false).put("supports_inline_queries", false));
            case "setWebhook":
                if (!p.hasNonNull("url")) {
                    return error(400, "Bad Request: bad webhook: Failed to resolve host: Name or service not known", null);
                }
                String secret = p.path("secret_token").asText(null);
                if (secret != null && !secret.matches("[A-Za-z0-9_-]{1,256}")) {
                    return error(400, "Bad Request: secret token contains unallowed characters", null);
                }
                webhookUrl = p.get("url").asText();
                webhookSecret = secret;
                return okTrue("Webhook was set");
            case "deleteWebhook":
                webhookUrl = "";
                webhookSecret = null;
                return okTrue("Webhook was deleted");
            case "setMyCommands":
                for (JsonNode command : p.path("commands")) {
                    if (!command.path("command").asText().matches("[a-z0-9_]{1,32}")
                            || command.path("description").asText().isEmpty()
                            || command.path("description").asText().length() > 256) {
                        return error(400, "Bad Request: BOT_COMMAND_INVALID", null);
                    }
                }
                return okTrue(null);
            case "answerCallbackQuery":
                if (!p.hasNonNull("callback_query_id")) {
                    return error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid", null);
                }
                return okTrue(null);
            case "sendMessage":
                return sendMessage(p);
            case "sendPhoto":
                return sendPhoto(p, request.file());
            case "getFile":
                return getFile(p);
            case "getUpdates":
                return getUpdates(p);
            default:
                return error(404, "Not Found", null);
        }
    }

    private ObjectNode sendMessage(ObjectNode p) {
        String chatId = p.path("chat_id").asText("");
        if (chatId.isEmpty()) {
            return error(400, "Bad Request: chat_id is empty", null);
        }
        if (blocked.contains(chatId)) {
            return error(403, "Forbidden: bot was blocked by the user", null);
        }
        String text = p.path("text").asText("");
        String visible;
        if ("HTML".equalsIgnoreCase(p.path("parse_mode").asText())) {
            visible = parseHtml(text);
            if (visible == null) {
                return error(400, "Bad Request: can't parse entities: Unsupported start tag at byte offset 0", null);
            }
        } else {
            visible = text;
        }
        if (visible.isBlank()) {
            return error(400, "Bad Request: message text is empty", null);
        }
        if (visible.length() > 4096) {
            return error(400, "Bad Request: message is too long", null);
        }
        String markupProblem = checkMarkup(p.path("reply_markup"));
        if (markupProblem != null) {
            return error(400, "Bad Request: " + markupProblem, null);
        }
        ObjectNode message = message(chatId);
        message.put("text", visible);
        return ok(message);
    }

    private ObjectNode sendPhoto(ObjectNode p, byte[] file) {
        String chatId = p.path("chat_id").asText("");
        if (chatId.isEmpty()) {
            return error(400, "Bad Request: chat_id is empty", null);
        }
        if (blocked.contains(chatId)) {
            return error(403, "Forbidden: bot was blocked by the user", null);
        }
        String reused = p.path("photo").isTextual() ? p.path("photo").asText() : null;
        if ((file == null || file.length == 0) && reused == null) {
            return error(400, "Bad Request: there is no photo in the request", null);
        }
        if ((file == null || file.length == 0) && !issuedPhotos.containsKey(reused)) {
            return error(400, "Bad Request: wrong file identifier/HTTP URL specified", null);
        }
        int size = file != null && file.length > 0 ? file.length : issuedPhotos.get(reused);
        String caption = p.path("caption").asText("");
        if ("HTML".equalsIgnoreCase(p.path("parse_mode").asText())) {
            caption = parseHtml(caption);
            if (caption == null) {
                return error(400, "Bad Request: can't parse entities", null);
            }
        }
        if (caption.length() > 1024) {
            return error(400, "Bad Request: message caption is too long", null);
        }
        ObjectNode message = message(chatId);
        ArrayNode photo = message.putArray("photo");
        String fileId = reused != null && file == null ? reused : "photo-" + UUID.randomUUID();
        issuedPhotos.put(fileId, size);
        photo.addObject().put("file_id", fileId).put("file_unique_id", "u").put("width", 90).put("height", 90)
                .put("file_size", size);
        if (!caption.isEmpty()) {
            message.put("caption", caption);
        }
        return ok(message);
    }

    private ObjectNode message(String chatId) {
        ObjectNode message = JSON.createObjectNode();
        message.put("message_id", messageIds.incrementAndGet());
        message.putObject("from").put("id", BOT_ID).put("is_bot", true).put("first_name", "Tip line")
                .put("username", BOT_USERNAME);
        message.putObject("chat").put("id", Long.parseLong(chatId)).put("type", chatId.startsWith("-") ? "group" : "private");
        message.put("date", Instant.now().getEpochSecond());
        return message;
    }

    /** Telegram's checks on reply_markup that matter here; null if fine. */
    private static String checkMarkup(JsonNode markup) {
        if (markup.isMissingNode() || markup.isNull()) {
            return null;
        }
        if (markup.has("inline_keyboard")) {
            for (JsonNode row : markup.get("inline_keyboard")) {
                for (JsonNode button : row) {
                    if (button.path("text").asText("").isEmpty()) {
                        return "text buttons are unallowed in the inline keyboard";
                    }
                    int bytes = button.path("callback_data").asText("").getBytes(StandardCharsets.UTF_8).length;
                    if (button.has("callback_data") && (bytes < 1 || bytes > 64)) {
                        return "BUTTON_DATA_INVALID";
                    }
                }
            }
        }
        if (markup.has("keyboard")) {
            for (JsonNode row : markup.get("keyboard")) {
                for (JsonNode button : row) {
                    if (button.path("text").asText("").isEmpty()) {
                        return "keyboard button text is empty";
                    }
                }
            }
        }
        return null;
    }

    /** The visible text of an HTML-mode message, or null where Telegram would answer "can't parse entities". */
    static String parseHtml(String html) {
        StringBuilder visible = new StringBuilder();
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                Matcher tag = HTML_TAG.matcher(html).region(i, html.length());
                if (!tag.lookingAt()) {
                    return null;
                }
                i = tag.end();
            } else if (c == '&') {
                Matcher entity = HTML_ENTITY.matcher(html).region(i, html.length());
                if (!entity.lookingAt()) {
                    return null;
                }
                String name = entity.group(1);
                visible.append(switch (name) {
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "amp" -> "&";
                    case "quot" -> "\"";
                    default -> name.startsWith("#x") ? new String(Character.toChars(Integer.parseInt(name.substring(2), 16)))
                            : new String(Character.toChars(Integer.parseInt(name.substring(1))));
                });
                i = entity.end();
            } else if (c == '>') {
                return null;
            } else {
                visible.append(c);
                i++;
            }
        }
        return visible.toString();
    }

    private ObjectNode getFile(ObjectNode p) {
        String id = p.path("file_id").asText("");
        byte[] data = files.get(id);
        if (data == null) {
            return error(400, "Bad Request: invalid file_id", null);
        }
        if (data.length > 20 * 1024 * 1024) {
            return error(400, "Bad Request: file is too big", null);
        }
        return ok(JSON.createObjectNode().put("file_id", id).put("file_unique_id", "uniq" + id.hashCode())
                .put("file_size", data.length).put("file_path", filePaths.get(id)));
    }

    private ObjectNode getUpdates(ObjectNode p) {
        if (!webhookUrl.isEmpty()) {
            return error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first", null);
        }
        long generation = pollGeneration.incrementAndGet();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(p.path("timeout").asLong(0));
        int limit = Math.max(1, Math.min(100, p.path("limit").asInt(100)));
        synchronized (this) {
            notifyAll();
            if (p.has("offset")) {
                long offset = p.get("offset").asLong();
                while (!pending.isEmpty() && pending.firstKey() < offset) {
                    Map.Entry<Long, JsonNode> done = pending.pollFirstEntry();
                    confirmed.put(done.getKey(), done.getValue());
                }
            }
            while (pending.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (pollGeneration.get() != generation) {
                    return error(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running", null);
                }
            }
            ArrayNode result = JSON.createArrayNode();
            pending.values().stream().limit(limit).forEach(result::add);
            return ok(result);
        }
    }

    private void download(HttpExchange exchange, String token, String filePath) throws IOException {
        if (!token.equals(TOKEN)) {
            reply(exchange, 401, error(401, "Unauthorized", null));
            return;
        }
        for (Map.Entry<String, String> entry : filePaths.entrySet()) {
            if (entry.getValue().equals(filePath)) {
                byte[] data = files.get(entry.getKey());
                calls.add(new Call("download", JSON.createObjectNode().put("file_path", filePath), null, Instant.now(), 200));
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, data.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(data);
                }
                return;
            }
        }
        reply(exchange, 404, error(404, "Not Found", null));
    }

    // ---- parsing and answering ----

    private static Parsed parse(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        ObjectNode params = JSON.createObjectNode();
        if (type.startsWith("application/json")) {
            if (body.length > 0) {
                JsonNode node = JSON.readTree(body);
                if (node instanceof ObjectNode object) {
                    params = object;
                }
            }
            return new Parsed(params, null);
        }
        if (type.startsWith("application/x-www-form-urlencoded")) {
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String[] kv = pair.split("=", 2);
                params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            return new Parsed(params, null);
        }
        if (type.startsWith("multipart/form-data")) {
            return multipart(body, type.substring(type.indexOf("boundary=") + 9).replace("\"", ""));
        }
        return new Parsed(params, null);
    }

    private static Parsed multipart(byte[] body, String boundary) {
        ObjectNode params = JSON.createObjectNode();
        byte[] file = null;
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + delimiter.length <= body.length; i++) {
            if (matches(body, i, delimiter)) {
                starts.add(i);
                i += delimiter.length - 1;
            }
        }
        for (int k = 0; k + 1 < starts.size(); k++) {
            int from = starts.get(k) + delimiter.length + 2;
            int to = starts.get(k + 1) - 2;
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), from);
            if (headerEnd < 0 || headerEnd > to) {
                continue;
            }
            String headers = new String(body, from, headerEnd - from, StandardCharsets.UTF_8);
            Matcher name = Pattern.compile("name=\"([^\"]+)\"").matcher(headers);
            if (!name.find()) {
                continue;
            }
            byte[] content = java.util.Arrays.copyOfRange(body, headerEnd + 4, to);
            if (headers.contains("filename=")) {
                file = content;
            } else {
                params.put(name.group(1), new String(content, StandardCharsets.UTF_8));
            }
        }
        return new Parsed(params, file);
    }

    private static boolean matches(byte[] data, int at, byte[] pattern) {
        for (int j = 0; j < pattern.length; j++) {
            if (data[at + j] != pattern[j]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        for (int i = from; i + pattern.length <= data.length; i++) {
            if (matches(data, i, pattern)) {
                return i;
            }
        }
        return -1;
    }

    private static ObjectNode ok(JsonNode result) {
        ObjectNode answer = JSON.createObjectNode().put("ok", true);
        answer.set("result", result);
        return answer;
    }

    private static ObjectNode okTrue(String description) {
        ObjectNode answer = JSON.createObjectNode().put("ok", true).put("result", true);
        if (description != null) {
            answer.put("description", description);
        }
        return answer;
    }

    private static ObjectNode error(int code, String description, Integer retryAfter) {
        ObjectNode answer = JSON.createObjectNode().put("ok", false).put("error_code", code).put("description", description);
        if (retryAfter != null) {
            answer.putObject("parameters").put("retry_after", retryAfter);
        }
        return answer;
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
