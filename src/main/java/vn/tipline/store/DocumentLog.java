package vn.tipline.store;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The durable form of the embedded store's documents: a snapshot file plus a write-ahead log of
 * post-images. Every change to a document appends the whole document as it now is (or its removal)
 * to the log; a write is acknowledged once its records are written ({@link #commit}), and writers that
 * arrive together share one write and one {@code fsync} (group commit). Replaying post-images is
 * idempotent, so a snapshot taken while writes go on, plus the log from the moment before it, rebuilds
 * the exact state: that is how the log is compacted ({@link #compact}) without stopping the service.
 * <p>
 * Files, in the data directory: {@code tipline.snapshot} (its first record names the log generation it
 * continues with) and {@code tipline-<generation>.wal}. Each record is framed as length, CRC-32 and a
 * BSON document. A torn tail (a crash mid-write: no valid record after it) is cut off at the next start;
 * damage anywhere else stops the start unless salvage is asked for ({@link #open}). Every file is
 * readable by the service's user only ({@link PrivateFiles}).
 * <p>
 * It replaces storing documents in H2 MVStore pages, which re-serialized whole pages of documents with
 * Java serialization on every commit: about 1 ms of CPU per acknowledged write (bench/README.md).
 */
final class DocumentLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DocumentLog.class);

    static final String SNAPSHOT = "tipline.snapshot";
    private static final Pattern WAL_FILE = Pattern.compile("tipline-(\\d+)\\.wal");
    private static final String OP = "o";
    private static final String NAMESPACE = "n";
    private static final String KEY = "k";
    private static final String PUT = "p";
    private static final String DELETE = "d";
    private static final String DROP = "x";
    private static final String RENAME = "r";
    private static final String TO = "t";
    private static final int BUFFER = 64 * 1024;
    private static final int KEPT_BUFFER = 1024 * 1024;

    /** The documents of each collection by namespace, keyed by position (the {@code _id}), in key order ({@link KeyOrder}). */
    static final class Image {
        private final Map<String, ConcurrentSkipListMap<Object, byte[]>> collections = new HashMap<>();

        synchronized ConcurrentSkipListMap<Object, byte[]> collection(String namespace) {
            return collections.computeIfAbsent(namespace, n -> new ConcurrentSkipListMap<>(KeyOrder.ASCENDING));
        }

        synchronized void drop(String namespace) {
            collections.remove(namespace);
        }

        synchronized void rename(String from, String to) {
            ConcurrentSkipListMap<Object, byte[]> documents = collections.remove(from);
            if (documents != null) {
                collections.put(to, documents);
            }
        }

        synchronized List<String> namespaces() {
            return new ArrayList<>(collections.keySet());
        }

        void apply(Document record, byte[] document) {
            String namespace = (String) record.get(NAMESPACE);
            switch ((String) record.get(OP)) {
                case PUT -> collection(namespace).put(record.get(KEY), document);
                case DELETE -> collection(namespace).remove(record.get(KEY));
                case DROP -> drop(namespace);
                case RENAME -> rename(namespace, (String) record.get(TO));
                default -> throw new IllegalStateException("Unknown record " + record.get(OP));
            }
        }
    }

    /** Writes one snapshot: every live document, then an end record. */
    interface SnapshotWriter {
        void put(String namespace, Object key, byte[] document);
    }

    /** A document as it is kept in memory and in the files: its BSON (a fraction of a decoded document's heap). */
    static byte[] encode(Document document) {
        ByteBuf buffer = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(document, buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } finally {
            buffer.release();
        }
    }

    static Document decode(byte[] bytes) {
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
    }

    private final Path dir;
    private final boolean fsync;
    private final long compactAbove;
    private final Image image;
    private final long recoveredRecords;
    private final boolean salvaged;

    private final Object commitLock = new Object();
    /** Guarded by {@code this}: records framed but not yet written, their count, and the open log file. */
    private ByteBuf pending = Unpooled.buffer(BUFFER);
    /**
     * Guarded by {@code this}: the buffer the last write emptied, to take the next records. A new one for
     * every write (64 KB each) was a quarter of all the service's allocation under load.
     */
    private ByteBuf spare;
    private long appended;
    private FileChannel wal;
    private long generation;
    /** Guarded by commitLock. */
    private long committed;
    private long walBytes;
    /** Written since the last sync (without fsync on each write); the 100 ms sync skips an idle log. */
    private volatile boolean unsynced;
    private long snapshotBytes;
    private volatile IOException failed;

    private DocumentLog(Path dir, boolean fsync, long compactAbove, Image image,
                        long recoveredRecords, long generation, long snapshotBytes, boolean salvaged) throws IOException {
        this.salvaged = salvaged;
        this.dir = dir;
        this.fsync = fsync;
        this.compactAbove = compactAbove;
        this.image = image;
        this.recoveredRecords = recoveredRecords;
        this.generation = generation;
        this.snapshotBytes = snapshotBytes;
        this.wal = openLog(generation);
        this.walBytes = wal.size();
    }

    /**
     * Reads the snapshot and replays every log after it. Reading changes nothing; only once every file
     * has been read are torn tails cut off and logs older than the snapshot removed. A file damaged
     * anywhere but at its very end stops the start ({@link StoreDamagedException}), unless
     * {@code salvage}: then every readable record is kept and the damaged files are copied aside.
     *
     * @param compactAbove log size above which {@link #commit} asks for a compaction (never below twice the snapshot)
     */
    static DocumentLog open(Path dir, boolean fsync, long compactAbove, boolean salvage, Consumer<Image> withoutSnapshot) {
        try {
            Image image = new Image();
            Recovery recovery = read(dir, salvage, image, withoutSnapshot);
            if (!recovery.damaged().isEmpty()) {
                keepAside(dir, recovery.damaged());
            }
            for (Map.Entry<Path, Long> torn : recovery.tornTails().entrySet()) {
                long size = Files.size(torn.getKey());
                log.warn("The store's log {} ends in {} bytes of an unfinished write (a crash); they are dropped",
                        torn.getKey().getFileName(), size - torn.getValue());
                try (FileChannel channel = FileChannel.open(torn.getKey(), StandardOpenOption.WRITE)) {
                    channel.truncate(torn.getValue());
                    channel.force(true);
                }
            }
            for (Path stale : recovery.stale()) {
                Files.delete(stale); // already in the snapshot
            }
            return new DocumentLog(dir, fsync, compactAbove, image, recovery.records(), recovery.newest(),
                    recovery.snapshotBytes(), !recovery.damaged().isEmpty());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the store's files in " + dir.toAbsolutePath(), e);
        }
    }

    /**
     * Reads every file of the store without changing any, and throws {@link StoreDamagedException} if one
     * is damaged: run before anything else opens the data directory, so a refused start leaves it as it was.
     */
    static void check(Path dir) {
        try {
            read(dir, false, null, image -> { });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the store's files in " + dir.toAbsolutePath(), e);
        }
    }

    /** A stretch of a file that holds no valid record, followed by valid ones. */
    record Stretch(long offset, long length) {
    }

    /** A file read in salvage mode with what could not be read in it. */
    record Damaged(Path file, List<Stretch> skipped, long recordsKept, String problem) {
    }

    /** What reading the files found; nothing is changed yet. */
    private record Recovery(long records, long newest, long snapshotBytes, Map<Path, Long> tornTails, List<Path> stale,
                            List<Damaged> damaged) {
    }

    /** @param image where the records go, or null to only check them */
    private static Recovery read(Path dir, boolean salvage, Image image, Consumer<Image> withoutSnapshot) throws IOException {
        List<Damaged> damaged = new ArrayList<>();
        Map<Long, Path> logs = walFiles(dir);
        Path snapshot = dir.resolve(SNAPSHOT);
        long generation = 0;
        long snapshotBytes = 0;
        if (Files.exists(snapshot)) {
            generation = readSnapshot(snapshot, image, salvage, damaged);
            if (generation < 0) {
                // Salvage, and the header is unreadable: replaying every log left is still exact (post-images).
                generation = logs.isEmpty() ? 0 : logs.keySet().iterator().next();
            }
            snapshotBytes = Files.size(snapshot);
        } else if (image != null) {
            // No snapshot yet: the data of an earlier format (if any) is the base the logs apply to.
            withoutSnapshot.accept(image);
        }
        List<Path> stale = new ArrayList<>();
        List<Map.Entry<Long, Path>> live = new ArrayList<>();
        for (Map.Entry<Long, Path> file : logs.entrySet()) {
            if (file.getKey() < generation) {
                stale.add(file.getValue());
            } else {
                live.add(file);
            }
        }
        Map<Path, Long> torn = new java.util.LinkedHashMap<>();
        long records = 0;
        long newest = generation;
        for (int i = 0; i < live.size(); i++) {
            Path file = live.get(i).getValue();
            byte[] bytes = Files.readAllBytes(file);
            Scan scan = scan(bytes, image == null ? (record, document) -> { } : image::apply);
            List<Stretch> skipped = new ArrayList<>(scan.skipped());
            if (scan.tornAt() >= 0) {
                if (laterLogsHoldData(live.subList(i + 1, live.size()))) {
                    // Records of a later generation exist, so this file was complete once: damage, not a crash.
                    skipped.add(new Stretch(scan.tornAt(), bytes.length - scan.tornAt()));
                } else {
                    torn.put(file, scan.tornAt());
                }
            }
            if (!skipped.isEmpty()) {
                if (!salvage) {
                    throw StoreDamagedException.log(file, skipped.get(0).offset());
                }
                damaged.add(new Damaged(file, skipped, scan.records(), null));
            }
            records += scan.records();
            newest = live.get(i).getKey();
        }
        return new Recovery(records, newest, snapshotBytes, torn, stale, damaged);
    }

    private static boolean laterLogsHoldData(List<Map.Entry<Long, Path>> later) throws IOException {
        for (Map.Entry<Long, Path> file : later) {
            if (Files.size(file.getValue()) > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Copies each damaged file into {@code damaged-<time>/} in the data directory before anything rewrites
     * or removes it (the compaction that follows a salvage does), and says what was skipped.
     */
    private static void keepAside(Path dir, List<Damaged> damaged) throws IOException {
        Path aside = dir.resolve("damaged-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now()));
        PrivateFiles.createDirectories(aside);
        for (Damaged file : damaged) {
            Path copy = aside.resolve(file.file().getFileName());
            Files.copy(file.file(), copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            long bytes = file.skipped().stream().mapToLong(Stretch::length).sum();
            log.warn("Store salvage: {} {}; kept {} readable records, skipped {} damaged bytes at {}; the original is in {}",
                    file.file().getFileName(), file.problem() == null ? "is damaged" : file.problem(), file.recordsKept(),
                    bytes, file.skipped().stream().map(s -> "byte " + s.offset() + " (" + s.length() + " bytes)").toList(),
                    copy);
        }
    }

    Image image() {
        return image;
    }

    long recoveredRecords() {
        return recoveredRecords;
    }

    /** Whether damaged files were read in salvage mode: a new snapshot must replace them. */
    boolean salvaged() {
        return salvaged;
    }

    void put(String namespace, Object key, byte[] document) {
        append(new Document(OP, PUT).append(NAMESPACE, namespace).append(KEY, key), document);
    }

    void delete(String namespace, Object key) {
        append(new Document(OP, DELETE).append(NAMESPACE, namespace).append(KEY, key), null);
    }

    void drop(String namespace) {
        append(new Document(OP, DROP).append(NAMESPACE, namespace), null);
    }

    /** One record, so that a crash cannot leave half a renamed collection. */
    void rename(String from, String to) {
        append(new Document(OP, RENAME).append(NAMESPACE, from).append(TO, to), null);
    }

    private synchronized void append(Document record, byte[] document) {
        frame(record, document, pending);
        appended++;
    }

    /** The number of records appended so far: a write waits with {@link #commit} for the ones it made. */
    synchronized long ticket() {
        return appended;
    }

    /**
     * Returns once every record up to {@code ticket} is written (and forced, with fsync). Writers that
     * arrive while a write runs wait for it; the next write then covers all of them.
     *
     * @return whether this write took the log past its size limit, so that it should be compacted
     */
    boolean commit(long ticket) {
        synchronized (commitLock) {
            if (committed >= ticket) {
                return false;
            }
            if (failed != null) {
                throw new MongoServerException("The store cannot write its log: " + failed);
            }
            ByteBuf batch;
            long upTo;
            FileChannel file;
            synchronized (this) {
                batch = pending;
                upTo = appended;
                file = wal;
                pending = spare != null ? spare : Unpooled.buffer(Math.max(BUFFER, batch.readableBytes()));
                spare = null;
            }
            try {
                walBytes += writeFully(file, batch);
                if (fsync) {
                    file.force(false);
                } else {
                    unsynced = true;
                }
                committed = upTo;
                return walBytes > Math.max(compactAbove, 2 * snapshotBytes);
            } catch (IOException e) {
                // The records are in memory but not on disk: refuse every later write rather than
                // acknowledge one that a restart would lose.
                failed = e;
                log.error("The store cannot write its log in {}; it refuses writes until restarted", dir, e);
                throw new MongoServerException("The store cannot write its log: " + e);
            } finally {
                reuse(batch);
            }
        }
    }

    /** Keeps a written buffer for the next records, unless a burst made it larger than writes usually need. */
    private void reuse(ByteBuf written) {
        if (written.capacity() <= KEPT_BUFFER) {
            written.clear();
            synchronized (this) {
                if (spare == null) {
                    spare = written;
                    return;
                }
            }
        }
        written.release();
    }

    /**
     * Forces what was written to the disk, when writes are not forced one by one: run every 100 ms,
     * as MongoDB flushes its journal, so a power cut loses at most that much (a crash of the service
     * itself loses nothing acknowledged).
     */
    void sync() {
        if (fsync || !unsynced) {
            return;
        }
        unsynced = false;
        FileChannel file;
        synchronized (this) {
            file = wal;
        }
        try {
            file.force(false);
        } catch (java.nio.channels.ClosedChannelException e) {
            // a new generation began, and the old file was forced when it was closed
        } catch (IOException e) {
            log.warn("Could not force the store's log to the disk: {}", e.toString());
        }
    }

    /**
     * Starts a new log generation, writes a snapshot of every live document ({@code dump} walks them
     * while writes go on: {@link LoggedCollection#dumpTo}), and removes the logs it covers. A crash
     * at any point leaves either the old snapshot with all logs after it, or the new one with the new log.
     */
    void compact(Consumer<SnapshotWriter> dump) {
        long started = System.nanoTime();
        long newGeneration;
        synchronized (commitLock) {
            synchronized (this) {
                try {
                    newGeneration = generation + 1;
                    FileChannel next = openLog(newGeneration);
                    FileChannel previous = wal;
                    walBytes += writeFully(previous, pending);
                    pending.clear();
                    previous.force(false);
                    previous.close();
                    committed = appended;
                    wal = next;
                    generation = newGeneration;
                    walBytes = 0;
                } catch (IOException e) {
                    // What was pending may be half written: refuse later writes, as a failed commit does.
                    failed = e;
                    log.error("The store cannot write its log in {}; it refuses writes until restarted", dir, e);
                    throw new UncheckedIOException("Cannot start a new log in " + dir, e);
                }
            }
        }
        Path temporary = dir.resolve(SNAPSHOT + ".tmp");
        long documents;
        try (OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(PrivateFiles.open(temporary,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)), 1 << 16)) {
            ByteBuf buffer = Unpooled.buffer(1 << 16);
            try {
                writeRecord(out, buffer, new Document("snapshot", 1).append("generation", newGeneration), null);
                long[] count = {0};
                dump.accept((namespace, key, document) -> {
                    try {
                        writeRecord(out, buffer, new Document(OP, PUT).append(NAMESPACE, namespace).append(KEY, key),
                                document);
                        count[0]++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                documents = count[0];
                writeRecord(out, buffer, new Document("end", documents), null);
            } finally {
                buffer.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a snapshot in " + dir, e);
        }
        try {
            try (FileChannel written = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                written.force(true);
            }
            Files.move(temporary, dir.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
            for (Map.Entry<Long, Path> file : walFiles(dir).entrySet()) {
                if (file.getKey() < newGeneration) {
                    Files.delete(file.getValue());
                }
            }
            long size = Files.size(dir.resolve(SNAPSHOT));
            synchronized (commitLock) {
                snapshotBytes = size;
            }
            log.info("Store snapshot: {} documents, {} KiB, in {} ms", documents, size / 1024,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install the snapshot in " + dir, e);
        }
    }

    /** Whether the current log holds any record (or records are waiting to be written to it). */
    boolean writtenSinceSnapshot() {
        synchronized (commitLock) {
            synchronized (this) {
                return walBytes > 0 || pending.isReadable();
            }
        }
    }

    /** Bytes on disk: snapshot and current log. */
    long size() {
        synchronized (commitLock) {
            return snapshotBytes + walBytes;
        }
    }

    @Override
    public void close() {
        synchronized (commitLock) {
            synchronized (this) {
                try {
                    if (wal.isOpen()) {
                        writeFully(wal, pending);
                        pending.clear();
                        wal.force(false);
                        wal.close();
                    }
                } catch (IOException e) {
                    log.error("Could not write the last records of the store's log in {}", dir, e);
                }
            }
        }
    }

    private FileChannel openLog(long generation) throws IOException {
        FileChannel channel = PrivateFiles.open(dir.resolve("tipline-" + generation + ".wal"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        channel.position(channel.size());
        forceDirectory();
        return channel;
    }

    private void forceDirectory() {
        // Makes a created or renamed file's directory entry durable; not every platform allows it.
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    private static Map<Long, Path> walFiles(Path dir) throws IOException {
        Map<Long, Path> files = new java.util.TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.forEach(path -> {
                Matcher m = WAL_FILE.matcher(path.getFileName().toString());
                if (m.matches()) {
                    files.put(Long.parseLong(m.group(1)), path);
                }
            });
        }
        return files;
    }

    /**
     * Reads the snapshot into {@code image} (if given) and returns the log generation it continues with;
     * -1 if that is unreadable in salvage mode. A snapshot is written whole and renamed into place, so
     * anything short of every record up to its end record is damage, never a crash.
     */
    private static long readSnapshot(Path file, Image image, boolean salvage, List<Damaged> damaged) throws IOException {
        long[] generation = {-1};
        boolean[] ended = {false};
        byte[] bytes = Files.readAllBytes(file);
        Scan scan = scan(bytes, (record, document) -> {
            if (record.containsKey("generation") && record.containsKey("snapshot")) {
                generation[0] = ((Number) record.get("generation")).longValue();
            } else if (record.containsKey("end")) {
                ended[0] = true;
            } else if (image != null) {
                image.apply(record, document);
            }
        });
        List<Stretch> skipped = new ArrayList<>(scan.skipped());
        if (scan.tornAt() >= 0) {
            skipped.add(new Stretch(scan.tornAt(), bytes.length - scan.tornAt()));
        }
        String problem = !skipped.isEmpty() ? "has a record that fails its checksum"
                : generation[0] < 0 ? "has no snapshot header"
                : !ended[0] ? "ends before its end record (cut short)" : null;
        if (problem == null) {
            return generation[0];
        }
        long offset = !skipped.isEmpty() ? skipped.get(0).offset() : generation[0] < 0 ? 0 : bytes.length;
        if (!salvage) {
            throw StoreDamagedException.snapshot(file, offset, problem);
        }
        damaged.add(new Damaged(file, skipped, scan.records(), problem));
        return generation[0];
    }

    /** What one file holds: its valid records, the damaged stretches between them, and where a torn tail begins (or -1). */
    private record Scan(long records, List<Stretch> skipped, long tornAt) {
    }

    /**
     * Reads every valid frame of a file. A frame is its length, a CRC-32, a BSON record and, for a
     * document written, the document's BSON after it. Where a frame is not valid, the first valid frame
     * after it is looked for byte by byte: found, the bytes between are a damaged stretch (a crash
     * only ever tears the end of the last write); not found, they are a torn tail.
     */
    private static Scan scan(byte[] bytes, java.util.function.BiConsumer<Document, byte[]> sink) {
        List<Stretch> skipped = new ArrayList<>();
        CRC32 crc = new CRC32();
        long records = 0;
        int position = 0;
        while (position < bytes.length) {
            Document record = frameAt(bytes, position, crc);
            if (record == null) {
                int next = position + 1;
                while (next < bytes.length && frameAt(bytes, next, crc) == null) {
                    next++;
                }
                if (next >= bytes.length) {
                    return new Scan(records, skipped, position);
                }
                skipped.add(new Stretch(position, next - position));
                position = next;
                continue;
            }
            int length = readIntLE(bytes, position);
            int start = position + 8;
            int recordLength = readIntLE(bytes, start);
            byte[] document = recordLength < length ? Arrays.copyOfRange(bytes, start + recordLength, start + length) : null;
            sink.accept(record, document);
            records++;
            position = start + length;
        }
        return new Scan(records, skipped, -1);
    }

    /** The record of the valid frame at {@code position}, or null if there is none there. */
    private static Document frameAt(byte[] bytes, int position, CRC32 crc) {
        if (bytes.length - position < 8 + 5) {
            return null;
        }
        int length = readIntLE(bytes, position);
        int start = position + 8;
        if (length < 5 || length > bytes.length - start) {
            return null;
        }
        crc.reset();
        crc.update(bytes, start, length);
        if ((int) crc.getValue() != readIntLE(bytes, position + 4)) {
            return null;
        }
        int recordLength = readIntLE(bytes, start);
        if (recordLength < 5 || recordLength > length || bytes[start + recordLength - 1] != 0) {
            return null;
        }
        try {
            return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes, start, recordLength));
        } catch (RuntimeException notBson) {
            return null;
        }
    }

    private static int readIntLE(byte[] bytes, int at) {
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16 | (bytes[at + 3] & 0xff) << 24;
    }

    private static void frame(Document record, byte[] document, ByteBuf out) {
        int start = out.writerIndex();
        out.writeIntLE(0);
        out.writeIntLE(0);
        BsonEncoder.encodeDocument(record, out);
        if (document != null) {
            out.writeBytes(document);
        }
        int length = out.writerIndex() - start - 8;
        CRC32 crc = new CRC32();
        crc.update(out.nioBuffer(start + 8, length));
        out.setIntLE(start, length);
        out.setIntLE(start + 4, (int) crc.getValue());
    }

    private static void writeRecord(OutputStream out, ByteBuf buffer, Document record, byte[] document) throws IOException {
        buffer.clear();
        frame(record, document, buffer);
        buffer.readBytes(out, buffer.readableBytes());
    }

    private static long writeFully(FileChannel channel, ByteBuf batch) throws IOException {
        ByteBuffer bytes = batch.nioBuffer();
        long written = 0;
        while (bytes.hasRemaining()) {
            written += channel.write(bytes);
        }
        return written;
    }
}
