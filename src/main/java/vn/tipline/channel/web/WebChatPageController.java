package vn.tipline.channel.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Serves the web chat page at {@code /chat}. */
@Controller
class WebChatPageController {

    @GetMapping({"/chat", "/chat/"})
    String page() {
        return "forward:/chat/index.html";
    }

    @GetMapping("/")
    String home() {
        return "redirect:/chat";
    }
}
