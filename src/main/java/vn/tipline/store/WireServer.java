package vn.tipline.store;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoThreadFactory;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * The MongoDB wire protocol of mongo-java-server on a loopback port, as its {@code MongoServer} serves
 * it, with one difference: a connection is served only if it comes from this process
 * ({@link OwnSockets}). Any other local process, whatever its user, is cut off before it can send a
 * command: the embedded store has no credentials, and its port is reachable by everything on the machine.
 */
final class WireServer {

    private static final Logger log = LoggerFactory.getLogger(WireServer.class);

    private final MongoBackend backend;
    private final BiPredicate<InetSocketAddress, InetSocketAddress> allowed;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel channel;
    private final java.util.concurrent.atomic.AtomicLong lastWarned = new java.util.concurrent.atomic.AtomicLong();

    /** @param allowed whether a connection from the first address to the second (the server's) is served */
    WireServer(MongoBackend backend, BiPredicate<InetSocketAddress, InetSocketAddress> allowed) {
        this.backend = backend;
        this.allowed = allowed;
    }

    /** Only this process's own connections; everything local where the platform cannot tell ({@link OwnSockets#supported}). */
    static WireServer ownProcessOnly(MongoBackend backend) {
        if (!OwnSockets.supported()) {
            // Said as a warning: on this platform the store's data is open to every local process.
            log.warn("The embedded store cannot tell which process a connection comes from on this platform (no "
                    + "usable /proc): any local process can reach its loopback port; use MONGODB_URI with credentials");
            return new WireServer(backend, (peer, local) -> true);
        }
        return new WireServer(backend, OwnSockets::isOwn);
    }

    /**
     * For {@code --store-only}: served to whoever reaches the address, or only to the listed client
     * addresses. No credentials: mongo-java-server implements no authentication (docs/operations.md).
     */
    static WireServer forClients(MongoBackend backend, Set<InetAddress> clients) {
        return new WireServer(backend, (peer, local) -> clients.isEmpty() || clients.contains(peer.getAddress()));
    }

    /** Listens on a free loopback port and returns it. */
    InetSocketAddress bind() {
        return bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** Listens on {@code address} and returns it (with the port chosen if it was 0). */
    InetSocketAddress bind(InetSocketAddress address) {
        bossGroup = new NioEventLoopGroup(1, new MongoThreadFactory("mongo-server-boss"));
        workerGroup = new NioEventLoopGroup(0, new MongoThreadFactory("mongo-server-worker"));
        ChannelGroup clients = new DefaultChannelGroup("mongodb-channels", workerGroup.next());
        try {
            channel = new ServerBootstrap()
                    .group(bossGroup, workerGroup)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 100)
                    .localAddress(address)
                    .childOption(ChannelOption.TCP_NODELAY, Boolean.TRUE)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel connection) {
                            if (!allowedConnection(connection)) {
                                connection.close();
                                return;
                            }
                            connection.pipeline().addLast(new MongoWireReplyEncoder(), new MongoWireMessageEncoder(),
                                    new MongoWireProtocolHandler(), new MongoDatabaseHandler(backend, clients),
                                    new MongoExceptionHandler());
                        }
                    })
                    .bind().syncUninterruptibly().channel();
            return (InetSocketAddress) channel.localAddress();
        } catch (RuntimeException e) {
            shutdown();
            throw e;
        }
    }

    private boolean allowedConnection(SocketChannel connection) {
        InetSocketAddress peer = connection.remoteAddress();
        try {
            if (allowed.test(peer, connection.localAddress())) {
                return true;
            }
            long now = System.nanoTime();
            long last = lastWarned.get();
            // Once a minute at most: a local process retrying in a loop must not flood the log.
            if ((last == 0 || now - last > TimeUnit.MINUTES.toNanos(1)) && lastWarned.compareAndSet(last, now)) {
                log.warn("The embedded store refused a connection (from port {}): only the service itself, or in "
                        + "store-only mode the addresses in TIPLINE_STORE_ALLOWED_CLIENTS, may use it", peer.getPort());
            } else {
                log.debug("The embedded store refused a connection from another process (from port {})", peer.getPort());
            }
        } catch (RuntimeException e) {
            log.warn("The embedded store refused a connection it could not trace to this process ({})", e.toString());
        }
        return false;
    }

    /**
     * Stops listening, lets the commands under way finish, closes what is left and the backend (as
     * {@code MongoServer.shutdown} does).
     */
    void shutdown() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
            channel = null;
        }
        for (EventLoopGroup group : new EventLoopGroup[]{bossGroup, workerGroup}) {
            if (group != null) {
                group.shutdownGracefully(0, 5, TimeUnit.SECONDS);
            }
        }
        for (EventLoopGroup group : new EventLoopGroup[]{bossGroup, workerGroup}) {
            if (group != null) {
                group.terminationFuture().syncUninterruptibly();
            }
        }
        backend.close();
    }
}
