package vn.tipline.account;

/**
 * The names of the API's two security schemes in the OpenAPI document, so that every feature's
 * controller can declare how it is reached without depending on the console that publishes the document.
 */
public final class ApiSecurity {

    /** HTTP Basic with an officer's username and password. */
    public static final String BASIC = "basic";

    /** {@code Authorization: Bearer tlk_...} with a personal API token. */
    public static final String TOKEN = "token";

    private ApiSecurity() {
    }
}
