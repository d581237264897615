package vn.tipline.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Tells whether a loopback connection comes from this process, on Linux: the kernel's table of TCP
 * sockets ({@code /proc/net/tcp}, {@code tcp6}) names the socket inode at the connection's other end,
 * and a socket of this process is one of the open files in {@code /proc/self/fd}. Another local process
 * (any user, root included) cannot hold that socket, so only the service's own driver gets in.
 */
final class OwnSockets {

    private static final Path FDS = Path.of("/proc/self/fd");
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final String ESTABLISHED = "01";
    private static final boolean LITTLE_ENDIAN = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

    private OwnSockets() {
    }

    /**
     * Whether this platform lets {@link #isOwn} answer: {@code /proc} is there and, tried on a loopback
     * connection of this process, recognises it (an emulated {@code /proc}, as in some sandboxes, may not).
     */
    static boolean supported() {
        if (!Files.isDirectory(FDS) || !Files.isReadable(TABLES.get(0))) {
            return false;
        }
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket listener = new ServerSocket(0, 1, loopback);
             Socket client = new Socket(loopback, listener.getLocalPort());
             Socket accepted = listener.accept()) {
            return isOwn((InetSocketAddress) accepted.getRemoteSocketAddress(),
                    (InetSocketAddress) accepted.getLocalSocketAddress());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether the client end of the connection from {@code peer} to {@code local} is a socket this
     * process holds open.
     */
    static boolean isOwn(InetSocketAddress peer, InetSocketAddress local) {
        Set<String> inodes = clientInodes(peer, local);
        if (inodes.isEmpty()) {
            return false;
        }
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.anyMatch(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1));
                } catch (IOException | UnsupportedOperationException closedMeanwhile) {
                    return false;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inodes of the sockets whose own address is {@code peer} and whose other end is {@code local}. */
    private static Set<String> clientInodes(InetSocketAddress peer, InetSocketAddress local) {
        Set<String> inodes = new HashSet<>();
        for (Path table : TABLES) {
            if (!Files.isReadable(table)) {
                continue;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && fields[3].equals(ESTABLISHED) && matches(fields[1], peer)
                        && matches(fields[2], local) && !fields[9].equals("0")) {
                    inodes.add(fields[9]);
                }
            }
        }
        return inodes;
    }

    /** {@code hex} is "ADDRESS:PORT" as the kernel prints it: the address in 32-bit words of the host's byte order. */
    static boolean matches(String hex, InetSocketAddress address) {
        int colon = hex.indexOf(':');
        if (colon < 0 || Integer.parseInt(hex.substring(colon + 1), 16) != address.getPort()) {
            return false;
        }
        String words = hex.substring(0, colon);
        byte[] bytes = new byte[words.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (LITTLE_ENDIAN ? 3 - b : b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(words.substring(at, at + 2), 16);
            }
        }
        try {
            // An IPv4 address in tcp6 (::ffff:127.0.0.1) reads back as the IPv4 address.
            return InetAddress.getByAddress(bytes).equals(address.getAddress());
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
