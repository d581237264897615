package vn.tipline.channel.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import vn.tipline.conversation.Languages;
import vn.tipline.tip.ReceiptCodes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the web chat page at {@code /chat}, its own texts (header, buttons, notices) from the message
 * bundles in every language at once: the page switches language, and keeps the choice over a reload,
 * without asking again, and no text is written twice.
 */
@Controller
class WebChatPageController {

    /** The page's texts, {@code chat.page.<name>} in messages_*.properties. */
    private static final List<String> TEXTS = List.of("title", "emergency", "privacy", "switch_language", "restart",
            "conversation", "photo", "locate", "message", "placeholder", "send", "copy", "copy_code", "copied",
            "copy_failed", "send_failed", "connect_failed", "photo_failed", "location_failed", "retry");

    private final MessageSource messages;
    private final ObjectMapper json;

    WebChatPageController(MessageSource messages, ObjectMapper json) {
        this.messages = messages;
        this.json = json;
    }

    @GetMapping({"/chat", "/chat/", "/chat/index.html"})
    String page(Model model) throws JsonProcessingException {
        Map<String, Map<String, String>> texts = new LinkedHashMap<>();
        for (String language : Languages.ALL) {
            Map<String, String> table = new LinkedHashMap<>();
            for (String name : TEXTS) {
                table.put(name, messages.getMessage("chat.page." + name, null, Locale.forLanguageTag(language)));
            }
            texts.put(language, table);
        }
        // The page is drawn in Vietnamese first; its script switches at once if this tab chose English.
        model.addAttribute("lang", Languages.DEFAULT);
        model.addAttribute("t", texts.get(Languages.DEFAULT));
        model.addAttribute("texts", json.writeValueAsString(texts));
        model.addAttribute("receiptCode", ReceiptCodes.PATTERN);
        return "chat/index";
    }

    @GetMapping("/")
    String home() {
        return "redirect:/chat";
    }
}
