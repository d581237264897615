package vn.tipline.store;

import de.bwaldvogel.mongo.backend.ValueComparator;
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
 * BSON document; a torn or corrupt tail (a crash mid-write) ends the replay of that file.
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

    /** The documents of each collection by namespace, keyed by position (the {@code _id}), in key order. */
    static final class Image {
        private final Map<String, ConcurrentSkipListMap<Object, byte[]>> collections = new HashMap<>();

        synchronized ConcurrentSkipListMap<Object, byte[]> collection(String namespace) {
            return collections.computeIfAbsent(namespace, n -> new ConcurrentSkipListMap<>(ValueComparator.asc()));
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

    private final Object commitLock = new Object();
    /** Guarded by {@code this}: records framed but not yet written, their count, and the open log file. */
    private ByteBuf pending = Unpooled.buffer(64 * 1024);
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
                        long recoveredRecords, long generation, long snapshotBytes) throws IOException {
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
     * Reads the snapshot and replays every log after it.
     *
     * @param compactAbove log size above which {@link #commit} asks for a compaction (never below twice the snapshot)
     */
    static DocumentLog open(Path dir, boolean fsync, long compactAbove, Consumer<Image> withoutSnapshot) {
        try {
            Image image = new Image();
            Path snapshot = dir.resolve(SNAPSHOT);
            long generation = 0;
            long snapshotBytes = 0;
            if (Files.exists(snapshot)) {
                generation = readSnapshot(snapshot, image);
                snapshotBytes = Files.size(snapshot);
            } else {
                // No snapshot yet: the data of an earlier format (if any) is the base the logs apply to.
                withoutSnapshot.accept(image);
            }
            long records = 0;
            long newest = generation;
            for (Map.Entry<Long, Path> file : walFiles(dir).entrySet()) {
                if (file.getKey() < generation) {
                    Files.delete(file.getValue()); // already in the snapshot
                    continue;
                }
                records += replay(file.getValue(), image);
                newest = file.getKey();
            }
            return new DocumentLog(dir, fsync, compactAbove, image, records, newest, snapshotBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the store's files in " + dir.toAbsolutePath(), e);
        }
    }

    Image image() {
        return image;
    }

    long recoveredRecords() {
        return recoveredRecords;
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
                pending = Unpooled.buffer(Math.max(64 * 1024, batch.readableBytes()));
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
                batch.release();
            }
        }
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
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
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
        FileChannel channel = FileChannel.open(dir.resolve("tipline-" + generation + ".wal"),
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

    private static long readSnapshot(Path file, Image image) throws IOException {
        long[] generation = {-1};
        boolean[] ended = {false};
        long valid = readFrames(file, (record, document) -> {
            if (generation[0] < 0) {
                generation[0] = record.containsKey("generation") ? ((Number) record.get("generation")).longValue() : -2;
            } else if (record.containsKey("end")) {
                ended[0] = true;
            } else {
                image.apply(record, document);
            }
        });
        if (generation[0] < 0 || !ended[0]) {
            throw new IOException("The snapshot " + file + " is incomplete (" + valid + " bytes readable)");
        }
        return generation[0];
    }

    /** Replays one log file; a torn or corrupt tail is cut off so that new records follow valid ones. */
    private static long replay(Path file, Image image) throws IOException {
        long[] count = {0};
        long valid = readFrames(file, (record, document) -> {
            image.apply(record, document);
            count[0]++;
        });
        long size = Files.size(file);
        if (valid < size) {
            log.warn("The store's log {} ends in {} bytes of an unfinished write (a crash); they are dropped",
                    file.getFileName(), size - valid);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(valid);
                channel.force(true);
            }
        }
        return count[0];
    }

    /**
     * Reads frames until the end or the first one that is incomplete or corrupt. A frame is its length,
     * a CRC-32, a BSON record and, for a document written, the document's BSON after it.
     */
    private static long readFrames(Path file, java.util.function.BiConsumer<Document, byte[]> sink) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        long valid = 0;
        CRC32 crc = new CRC32();
        while (in.readableBytes() >= 8) {
            int length = in.readIntLE();
            int checksum = in.readIntLE();
            if (length < 5 || length > in.readableBytes()) {
                break;
            }
            crc.reset();
            crc.update(bytes, in.readerIndex(), length);
            if ((int) crc.getValue() != checksum) {
                break;
            }
            int start = in.readerIndex();
            int recordLength = in.getIntLE(start);
            if (recordLength < 5 || recordLength > length) {
                break;
            }
            Document record = BsonDecoder.decodeBson(in.slice(start, recordLength));
            byte[] document = recordLength < length ? java.util.Arrays.copyOfRange(bytes, start + recordLength, start + length) : null;
            in.skipBytes(length);
            sink.accept(record, document);
            valid = in.readerIndex();
        }
        return valid;
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
