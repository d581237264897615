package vn.tipline.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files and directories of the data directory, readable by the service's own user only (0600 and
 * 0700): tips, reporter addresses, password hashes and secrets live there. Set when each is created, so
 * there is no moment when another user could open it; on a file system without POSIX permissions
 * (Windows) the directory's own access rules apply instead.
 */
public final class PrivateFiles {

    private static final Logger log = LoggerFactory.getLogger(PrivateFiles.class);

    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /** Creates the directory and any missing parents, the ones created private. */
    public static Path createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        return POSIX ? Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY))
                : Files.createDirectories(dir);
    }

    /** Writes {@code text} to a new file (or replaces one), private from its creation. */
    public static void writeString(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try (FileChannel channel = open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Opens a file channel; a file it creates is private from the start. */
    static FileChannel open(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> set = Set.of(options);
        return POSIX ? FileChannel.open(file, set, PosixFilePermissions.asFileAttribute(FILE)) : FileChannel.open(file, set);
    }

    /** For library code that creates its own files (H2's): made private right after it did. */
    static void restrict(Path file) {
        if (POSIX && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.setPosixFilePermissions(file, Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY : FILE);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot make " + file + " private", e);
            }
        }
    }

    static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /**
     * Takes every permission of group and others off the data directory and everything in it, for a directory written by an earlier
     * version (or copied in with a permissive umask); says so when it changed anything. Symbolic links
     * are not followed: what they point to is the deployer's.
     */
    public static void tighten(Path dataDir) {
        if (!POSIX || !Files.isDirectory(dataDir)) {
            return;
        }
        int[] changed = {0};
        try (Stream<Path> all = Files.walk(dataDir)) {
            all.forEach(path -> {
                try {
                    if (Files.isSymbolicLink(path)) {
                        return;
                    }
                    Set<PosixFilePermission> now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                    Set<PosixFilePermission> wanted = java.util.EnumSet.noneOf(PosixFilePermission.class);
                    now.stream().filter(p -> p.name().startsWith("OWNER_")).forEach(wanted::add);
                    if (!now.equals(wanted)) {
                        Files.setPosixFilePermissions(path, wanted);
                        changed[0]++;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("Cannot make the data directory " + dataDir.toAbsolutePath()
                    + " readable by the service's user only: " + e.getMessage(), e);
        }
        if (changed[0] > 0) {
            log.info("Data directory {}: made {} file(s) and folder(s) readable by the service's user only (0600/0700)",
                    dataDir.toAbsolutePath(), changed[0]);
        }
    }
}
