package vn.tipline.support;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the store commands the service's driver sends, by the kind of thread that sent them
 * (a Tomcat request thread, a channel's inbound worker, an outbox worker, a scheduled task), the
 * command and the collection: what one path costs, apart from what background tasks poll meanwhile.
 * The synchronous driver reports a command on the thread that runs it. Register it with
 * {@link #customizer()} in a test's configuration.
 */
public final class CommandsByThread implements CommandListener {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public MongoClientSettingsBuilderCustomizer customizer() {
        return settings -> settings.addCommandListener(this);
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        String command = event.getCommandName();
        Object target = event.getCommand().get(command);
        String collection = target != null && target.getClass().getSimpleName().equals("BsonString")
                ? event.getCommand().getString(command).getValue() : "-";
        String key = kind(Thread.currentThread().getName()) + " " + command + " " + collection;
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** A thread's name without its number: "http-nio-41234-exec-7" is "http", "telegram-inbound-2" is "telegram-inbound". */
    static String kind(String thread) {
        if (thread.startsWith("http-nio")) {
            return "http";
        }
        return thread.replaceAll("-?\\d+$", "");
    }

    /** A copy of the counts so far, "thread-kind command collection" to count. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((key, count) -> copy.put(key, count.sum()));
        return copy;
    }

    /** What was counted since {@code before}, only where it grew. */
    public Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> spent = new TreeMap<>();
        snapshot().forEach((key, count) -> {
            long delta = count - before.getOrDefault(key, 0L);
            if (delta > 0) {
                spent.put(key, delta);
            }
        });
        return spent;
    }
}
