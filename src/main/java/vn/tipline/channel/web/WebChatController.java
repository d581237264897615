package vn.tipline.channel.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import vn.tipline.channel.ConversationService;
import vn.tipline.conversation.Button;
import vn.tipline.conversation.Inbound;
import vn.tipline.conversation.Outbound;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The web chat channel's JSON API. A session id is a random bearer token kept by the browser;
 * the server keeps only its keyed hash, so it cannot tell who a web reporter is.
 */
@RestController
@RequestMapping("/api/chat/sessions")
@Tag(name = "Web chat", description = "The citizens' web chat channel")
class WebChatController {

    static final String CHANNEL = "web";
    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9_-]{22,64}");

    private final ConversationService conversations;
    private final WebInbox inbox;
    private final SecureRandom random = new SecureRandom();

    WebChatController(ConversationService conversations, WebInbox inbox) {
        this.conversations = conversations;
        this.inbox = inbox;
    }

    record SessionReply(String session, List<Message> messages) {
    }

    record Reply(List<Message> messages) {
    }

    /** One bot message as the page shows it; {@code image}: the address of a picture to show with it. */
    record Message(String text, List<Button> buttons, Boolean askLocation, String image) {

        static Message of(Outbound outbound) {
            if (outbound instanceof Outbound.Choice c) {
                return new Message(c.text(), c.buttons(), null, null);
            }
            if (outbound instanceof Outbound.AskLocation l) {
                return new Message(l.text(), l.buttons().isEmpty() ? null : l.buttons(), Boolean.TRUE, null);
            }
            if (outbound instanceof Outbound.Media m) {
                return new Message(m.text(), null, null, WebChatImages.url(m.attachmentId()));
            }
            return new Message(outbound.text(), null, null, null);
        }
    }

    /** What the citizen sent: typed text, a pressed button's payload, or a shared location. */
    record Incoming(String text, String button, Double latitude, Double longitude) {
    }

    @PostMapping
    @Operation(summary = "Start a conversation; returns the session token and the main menu")
    ResponseEntity<SessionReply> start() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String session = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        List<Message> messages = conversations.open(CHANNEL, session).stream().map(Message::of).toList();
        return ResponseEntity.status(HttpStatus.CREATED).body(new SessionReply(session, messages));
    }

    @PostMapping(path = "/{session}/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Send a message (text, button payload or location) and get the bot's replies")
    Reply message(@PathVariable String session, @RequestBody Incoming incoming) {
        checkSession(session);
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
        return reply(session, inbound);
    }

    @PostMapping(path = "/{session}/media", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Send a photo as evidence (its metadata is stripped)")
    Reply media(@PathVariable String session, @RequestParam("file") MultipartFile file) throws IOException {
        checkSession(session);
        // The original file name is dropped: it may name the sender or their device.
        return reply(session, new Inbound.Media(file.getBytes(), file.getContentType()));
    }

    @GetMapping("/{session}/inbox")
    @Operation(summary = "Messages waiting for this session (officers' follow-ups, relay answers); each is returned once")
    Reply inbox(@PathVariable String session) {
        checkSession(session);
        return new Reply(inbox.take(session));
    }

    private Reply reply(String session, Inbound inbound) {
        return new Reply(conversations.handle(CHANNEL, session, inbound).stream().map(Message::of).toList());
    }

    private static void checkSession(String session) {
        if (!SESSION.matcher(session).matches()) {
            throw new BadChatRequest("unknown session; start one with POST /api/chat/sessions");
        }
    }

    static class BadChatRequest extends RuntimeException {
        BadChatRequest(String message) {
            super(message);
        }
    }

    @ExceptionHandler(BadChatRequest.class)
    ProblemDetail badRequest(BadChatRequest e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Bad chat request");
        return problem;
    }
}
