package vn.tipline.support;

import com.mongodb.MongoClientSettings;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonValue;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the commands the driver sends to the store, two ways:
 * <ul>
 *   <li>by what they mention (a chat id, a key), from every thread, so a message's queueing and its
 *       delivery by the outbox's workers are counted alike, and nothing else the application does
 *       meanwhile ({@link #mentioning});</li>
 *   <li>by the kind of thread that sent them (a Tomcat request thread, a channel's inbound worker, an
 *       outbox worker, a scheduled task), the command and the collection: what one path costs, apart
 *       from what background tasks poll meanwhile ({@link #byThread}). The synchronous driver reports
 *       a command on the thread that runs it.</li>
 * </ul>
 * Micrometer's {@code mongodb.driver.commands} timer counts by command and collection only, which the
 * idle scans of every worker blur.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StoreCommands implements MongoClientSettingsBuilderCustomizer, CommandListener {

    private final List<Tally> tallies = new CopyOnWriteArrayList<>();
    private final Map<String, LongAdder> byThread = new ConcurrentHashMap<>();

    /** The commands seen since it was opened that mention {@code text}, as "command collection". */
    public static final class Tally implements AutoCloseable {
        private final String text;
        private final List<String> commands = new CopyOnWriteArrayList<>();
        private final StoreCommands owner;

        private Tally(StoreCommands owner, String text) {
            this.owner = owner;
            this.text = text;
        }

        public int count() {
            return commands.size();
        }

        public List<String> commands() {
            return new ArrayList<>(commands);
        }

        @Override
        public void close() {
            owner.tallies.remove(this);
        }
    }

    public Tally mentioning(String text) {
        Tally tally = new Tally(this, text);
        tallies.add(tally);
        return tally;
    }

    @Override
    public void customize(MongoClientSettings.Builder settings) {
        settings.addCommandListener(this);
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        String name = event.getCommandName();
        BsonValue collection = event.getCommand().get(name);
        String target = collection != null && collection.isString() ? collection.asString().getValue() : "-";
        byThread.computeIfAbsent(threadKind(Thread.currentThread().getName()) + " " + name + " " + target,
                k -> new LongAdder()).increment();
        if (tallies.isEmpty()) {
            return;
        }
        String json = event.getCommand().toJson();
        for (Tally tally : tallies) {
            if (json.contains(tally.text)) {
                tally.commands.add(name + " " + (collection != null && collection.isString()
                        ? collection.asString().getValue() : ""));
            }
        }
    }

    /** A thread's name without its number: "http-nio-41234-exec-7" is "http", "telegram-inbound-2" is "telegram-inbound". */
    static String threadKind(String thread) {
        return thread.startsWith("http-nio") ? "http" : thread.replaceAll("-?\\d+$", "");
    }

    /** The commands counted so far, "thread-kind command collection" to count. */
    public Map<String, Long> byThread() {
        Map<String, Long> copy = new TreeMap<>();
        byThread.forEach((key, count) -> copy.put(key, count.sum()));
        return copy;
    }

    /** What was counted by thread since {@code before}, only where it grew. */
    public Map<String, Long> byThreadSince(Map<String, Long> before) {
        Map<String, Long> spent = new TreeMap<>();
        byThread().forEach((key, count) -> {
            long delta = count - before.getOrDefault(key, 0L);
            if (delta > 0) {
                spent.put(key, delta);
            }
        });
        return spent;
    }
}
