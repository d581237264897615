package vn.tipline.channel;

import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How a channel's client calls its platform's API (the Telegram Bot API, Zalo's Open API): one
 * bound per call, and a connection kept for every thread that may call at once.
 *
 * <p>The bound is OkHttp's call timeout alone, the request timeout: connecting, sending and the whole
 * answer. A hung platform can hold a worker no longer than that, and a platform trickling its answer
 * byte by byte no longer either (a read timeout alone would let it). OkHttp enforces read and write
 * timeouts with a timer per socket read and per socket write, scheduled and cancelled under one lock
 * shared by every thread; they would add nothing to the call's bound, so they are off.
 *
 * <p>Replies are sent by the channel's workers and the outbox's at once. OkHttp's pool keeps five idle
 * connections by default: with more callers, the surplus was closed as soon as it went idle and the
 * next call opened a new one (a TLS handshake with the real platform).
 */
public final class PlatformHttp {

    /** A file sent or fetched (a photo, evidence) may take this much longer than a call. */
    public static final Duration TRANSFER_EXTRA = Duration.ofSeconds(10);
    /** The longest a connection may take to open; the call's bound applies too. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** An idle connection is closed after this (a platform's server may close it earlier). */
    private static final long KEEP_ALIVE_MINUTES = 5;

    private PlatformHttp() {
    }

    /**
     * A client builder with these settings; the channel adds its own (retries).
     *
     * @param requestTimeout the longest a call may take, all of it
     * @param callers        how many threads may call at once (the channel's workers and the outbox's)
     */
    public static OkHttpClient.Builder builder(Duration requestTimeout, int callers) {
        return new OkHttpClient.Builder()
                .connectTimeout(CONNECT_TIMEOUT)
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .callTimeout(requestTimeout)
                .connectionPool(new ConnectionPool(Math.max(5, callers), KEEP_ALIVE_MINUTES, TimeUnit.MINUTES));
    }

    /** Gives a file's upload or download {@link #TRANSFER_EXTRA} more than the client's call timeout. */
    public static Call transfer(OkHttpClient http, Call call) {
        call.timeout().timeout(http.callTimeoutMillis() + TRANSFER_EXTRA.toMillis(), TimeUnit.MILLISECONDS);
        return call;
    }
}
