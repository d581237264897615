package vn.tipline.channel.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.stereotype.Component;

/**
 * The web chat page's, its files' and its API's security headers (added to the public security
 * chain): a Content-Security-Policy that lets the page run only its own script and style files,
 * talk only to this service, be framed by nobody and write no HTML from strings (Trusted Types:
 * texts from the server are hostile input); and no Referer, so nothing about the page or a tip
 * leaves with a link the citizen follows.
 *
 * <p>A bean of Spring Security's own type: the account feature's security set-up adds every
 * {@link HeaderWriter} bean to the chain it builds for public paths, so it names no web chat type
 * (the channel module depends on the tip desk, which depends on accounts).
 */
@Component
public final class WebChatHeaders implements HeaderWriter {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'; "
            + "require-trusted-types-for 'script'; trusted-types 'none'";

    @Override
    public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/chat") || path.startsWith("/chat/") || path.startsWith("/api/chat/")) {
            response.setHeader("Content-Security-Policy", CSP);
            response.setHeader("Referrer-Policy", "no-referrer");
        }
    }
}
