package vn.tipline.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The user name typed into a sign-in that failed, kept in the session (never in the address, where
 * it would reach logs and history) for the one page that shows the form again, so the officer
 * retypes only the password.
 */
public final class SignInForm {

    private static final String ATTRIBUTE = "tipline.signin.username";
    private static final int MAX = 64;

    private SignInForm() {
    }

    static void keepUsername(HttpServletRequest request) {
        String typed = request.getParameter("username");
        if (typed != null && !typed.isBlank()) {
            request.getSession().setAttribute(ATTRIBUTE, typed.length() > MAX ? typed.substring(0, MAX) : typed);
        }
    }

    /** The name kept by the last failed sign-in, once: the next page without an error starts empty. */
    public static String takeUsername(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        Object typed = session.getAttribute(ATTRIBUTE);
        session.removeAttribute(ATTRIBUTE);
        return typed instanceof String name ? name : null;
    }
}
