package vn.tipline.channel.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import vn.tipline.abuse.ClientLimits;
import vn.tipline.channel.ConversationService;
import vn.tipline.channel.Transcript;
import vn.tipline.conversation.Button;
import vn.tipline.conversation.ConversationProperties;
import vn.tipline.conversation.Inbound;
import vn.tipline.conversation.Languages;
import vn.tipline.conversation.Outbound;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The web chat channel's JSON API. The session token travels only in the {@code Authorization}
 * header, never in a path (proxies log paths with the client's address); the server draws every
 * token and keeps none ({@link WebSessions}). Starting a session stores nothing and is limited per
 * client address; tips are limited per client address over all its sessions ({@link ClientLimits}).
 */
@RestController
@RequestMapping("/api/chat")
@Tag(name = "Web chat", description = "The citizens' web chat channel; send the session token as `Authorization: Bearer <session>`")
class WebChatController {

    static final String CHANNEL = "web";
    private static final String BEARER = "Bearer ";

    private final ConversationService conversations;
    private final WebInbox inbox;
    private final WebSessions sessions;
    private final ClientLimits clients;
    private final MessageSource texts;
    private final ConversationProperties conversation;

    WebChatController(ConversationService conversations, WebInbox inbox, WebSessions sessions, ClientLimits clients,
                      MessageSource texts, ConversationProperties conversation) {
        this.conversations = conversations;
        this.inbox = inbox;
        this.sessions = sessions;
        this.clients = clients;
        this.texts = texts;
        this.conversation = conversation;
    }

    /** {@code language}: the conversation's, for the page to speak it too. */
    record SessionReply(String session, List<Message> messages, String language) {
    }

    record Reply(List<Message> messages) {
    }

    /**
     * One bot message as the page shows it; {@code image}: the address of a picture to show with it;
     * {@code alert}: the emergency notice, which the page shows as an alert.
     */
    record Message(String text, List<Button> buttons, Boolean askLocation, String image, Boolean alert) {

        Message(String text, List<Button> buttons, Boolean askLocation, String image) {
            this(text, buttons, askLocation, image, null);
        }

        static Message of(Outbound outbound) {
            if (outbound instanceof Outbound.Choice c) {
                return new Message(c.text(), c.buttons(), null, null);
            }
            if (outbound instanceof Outbound.AskLocation l) {
                return new Message(l.text(), l.buttons().isEmpty() ? null : l.buttons(), Boolean.TRUE, null);
            }
            if (outbound instanceof Outbound.Media m) {
                return new Message(m.text(), null, null, WebChatImageController.url(m.attachmentId()));
            }
            return new Message(outbound.text(), null, null, null);
        }

        Message alerting(boolean emergency) {
            return emergency ? new Message(text, buttons, askLocation, image, Boolean.TRUE) : this;
        }
    }

    /** The conversation so far, for a reloaded page; {@code from}: "citizen" or "bot" on each line. */
    record History(String language, List<Line> lines) {
    }

    record Line(String from, Message message) {
    }

    /** What the citizen sent: typed text, a pressed button's payload, or a shared location. */
    record Incoming(String text, String button, Double latitude, Double longitude) {
    }

    @PostMapping("/sessions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Start a conversation; returns the session token and the main menu. Nothing is stored "
            + "until the first message; 429 when this address (or everyone) started too many lately")
    ResponseEntity<?> start(HttpServletRequest request,
                            @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String language) {
        Optional<Duration> wait = clients.startSession(request.getRemoteAddr());
        if (wait.isPresent()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                    texts.getMessage("chat.too_many_sessions", null, locale(language)));
            problem.setTitle("Too many new chats");
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        String token = sessions.issue();
        String chatId = sessions.chatId(token).orElseThrow();
        List<Message> messages = conversations.greeting(CHANNEL, chatId).stream().map(this::message).toList();
        return ResponseEntity.status(HttpStatus.CREATED).body(new SessionReply(token, messages, conversation.defaultLanguage()));
    }

    @PostMapping(path = "/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Send a message (text, button payload or location) and get the bot's replies")
    Reply message(@Parameter(hidden = true) @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                  HttpServletRequest request, @RequestBody Incoming incoming) {
        String chatId = chatId(authorization);
        Inbound inbound;
        if (incoming.button() != null && !incoming.button().isBlank()) {
            inbound = new Inbound.ButtonPress(incoming.button());
        } else if (incoming.latitude() != null && incoming.longitude() != null) {
            if (Math.abs(incoming.latitude()) > 90 || Math.abs(incoming.longitude()) > 180) {
                throw new BadChatRequest("latitude must be within ±90 and longitude within ±180");
            }
            inbound = new Inbound.Location(incoming.latitude(), incoming.longitude());
        } else {
            inbound = new Inbound.Text(incoming.text() == null ? "" : incoming.text());
        }
        return reply(request, chatId, inbound);
    }

    @PostMapping(path = "/media", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Send a photo as evidence (its metadata is stripped)")
    Reply media(@Parameter(hidden = true) @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                HttpServletRequest request, @RequestParam("file") MultipartFile file) throws IOException {
        String chatId = chatId(authorization);
        // The original file name is dropped: it may name the sender or their device.
        return reply(request, chatId, new Inbound.Media(file.getBytes(), file.getContentType()));
    }

    @GetMapping("/history")
    @Operation(summary = "The conversation so far (its last messages, both sides, as the page showed them) and its "
            + "language, for a reloaded page or a second tab; the main menu when nothing was said yet")
    History history(@Parameter(hidden = true) @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        String chatId = chatId(authorization);
        Optional<Transcript> transcript = conversations.transcript(CHANNEL, chatId).filter(t -> !t.lines().isEmpty());
        if (transcript.isEmpty()) {
            return new History(conversation.defaultLanguage(), conversations.greeting(CHANNEL, chatId).stream()
                    .map(m -> new Line("bot", message(m))).toList());
        }
        return new History(transcript.get().language(), transcript.get().lines().stream()
                .map(l -> l.citizen() ? new Line("citizen", new Message(l.message().text(), null, null, null))
                        : new Line("bot", message(l.message())))
                .toList());
    }

    @GetMapping("/inbox")
    @Operation(summary = "Messages waiting for this session (officers' follow-ups, relay answers); each is returned once")
    Reply inbox(@Parameter(hidden = true) @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        String chatId = chatId(authorization);
        List<Outbound> delivered = inbox.take(chatId);
        conversations.addToTranscript(CHANNEL, chatId, delivered);
        return new Reply(delivered.stream().map(this::message).toList());
    }

    private Reply reply(HttpServletRequest request, String chatId, Inbound inbound) {
        return new Reply(clients.onBehalfOf(request.getRemoteAddr(),
                () -> conversations.handleAfterGreeting(CHANNEL, chatId, inbound)).stream().map(this::message).toList());
    }

    private Message message(Outbound outbound) {
        return Message.of(outbound).alerting(conversations.isEmergencyNotice(outbound));
    }

    private String chatId(String authorization) {
        String token = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).strip() : null;
        return sessions.chatId(token).orElseThrow(UnknownSession::new);
    }

    /** The page sends its own language; anything else falls back to a new conversation's. */
    private Locale locale(String acceptLanguage) {
        try {
            if (acceptLanguage != null) {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                    String wanted = range.getRange().split("-")[0];
                    if (Languages.supported(wanted)) {
                        return Locale.forLanguageTag(wanted);
                    }
                }
            }
        } catch (IllegalArgumentException malformed) {
            // A malformed header: the default.
        }
        return Locale.forLanguageTag(conversation.defaultLanguage());
    }

    static class BadChatRequest extends RuntimeException {
        BadChatRequest(String message) {
            super(message);
        }
    }

    static class UnknownSession extends RuntimeException {
    }

    @ExceptionHandler(BadChatRequest.class)
    ProblemDetail badRequest(BadChatRequest e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Bad chat request");
        return problem;
    }

    @ExceptionHandler(UnknownSession.class)
    ResponseEntity<ProblemDetail> unknownSession() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                "no session token this service issued; start a session with POST /api/chat/sessions and send its "
                        + "token as 'Authorization: Bearer <session>'");
        problem.setTitle("Unknown chat session");
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
