package vn.tipline.support;

import com.mongodb.MongoClientSettings;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonValue;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts the commands the driver sends to the store, by what they mention (a chat id, a key): from
 * every thread, so a message's queueing and its delivery by the outbox's workers are counted alike,
 * and nothing else the application does meanwhile. Micrometer's {@code mongodb.driver.commands}
 * timer counts by command and collection only, which the idle scans of every worker blur.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StoreCommands implements MongoClientSettingsBuilderCustomizer, CommandListener {

    private final List<Tally> tallies = new CopyOnWriteArrayList<>();

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
        if (tallies.isEmpty()) {
            return;
        }
        String json = event.getCommand().toJson();
        String name = event.getCommandName();
        BsonValue collection = event.getCommand().get(name);
        for (Tally tally : tallies) {
            if (json.contains(tally.text)) {
                tally.commands.add(name + " " + (collection != null && collection.isString()
                        ? collection.asString().getValue() : ""));
            }
        }
    }
}
