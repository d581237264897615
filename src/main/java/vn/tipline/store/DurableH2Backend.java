package vn.tipline.store;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

import java.util.Set;

/**
 * The H2 backend of mongo-java-server with the two gaps that matter to us closed:
 * <ul>
 *   <li>it answers {@code hello} (driver 5 health checks and ServerApi clients send it) the way
 *       it answers {@code isMaster};</li>
 *   <li>it commits the MVStore before acknowledging any write, so an acknowledged write survives
 *       {@code kill -9} (the default one-second auto-commit loses about a second of writes).</li>
 * </ul>
 */
class DurableH2Backend extends H2Backend {

    private static final Set<String> WRITE_COMMANDS = Set.of(
            "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes",
            "drop", "dropdatabase", "create", "renamecollection");

    DurableH2Backend(MVStore store) {
        super(store);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        String name = command.toLowerCase(java.util.Locale.ROOT);
        if (name.equals("hello")) {
            Document reply = super.handleCommand(channel, databaseName, "isMaster", query);
            reply.put("isWritablePrimary", Boolean.TRUE);
            return reply;
        }
        Document reply = super.handleCommand(channel, databaseName, command, query);
        if (WRITE_COMMANDS.contains(name)) {
            commit();
        }
        return reply;
    }
}
