package vn.tipline.indicator;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * A list of verified indicators from outside (a national list such as nTrust's, a million lines),
 * which citizens' checks answer from beside the officers' confirmed ones. It is kept out of the
 * store: the embedded store holds every document in the heap and reads them all at start, which a
 * million indicators do not fit (see docs/scam-indicators.md#scale). Instead the CSV a deployer
 * gives ({@code type,value,reports}) is compiled once into a sorted file beside it, {@code .sorted}:
 * for each indicator a 64-bit hash of its stored form and its count of reports, 12 bytes, nothing
 * else (no value, no tip, no reporter). The file is memory-mapped and searched by halves, so a
 * million lines take 12 MB of page cache, not heap, and opening an already compiled list costs
 * nothing at start. A new or changed CSV is compiled on its own thread after the service is up;
 * until then checks answer from the store alone.
 * <p>
 * A 64-bit hash among a million listed values makes a value that is not listed match one with a
 * probability of about 5 in 10^14 per check.
 */
@Component
class ReferenceList {

    private static final Logger log = LoggerFactory.getLogger(ReferenceList.class);
    private static final long MAGIC = 0x544c5245_46530001L; // "TLREFS", format 1
    private static final int HEADER = 8 + 8 + 8 + 4;

    private final Candidates candidates;
    private final Path source;
    private volatile Sorted sorted = Sorted.EMPTY;

    ReferenceList(Candidates candidates, IndicatorProperties properties) {
        this.candidates = candidates;
        this.source = properties.referenceList() == null || properties.referenceList().isBlank()
                ? null : Path.of(properties.referenceList());
    }

    /** The listed count of reports for this indicator, or empty if the list does not name it. */
    OptionalInt reports(Indicator indicator) {
        return sorted.reports(hash(indicator));
    }

    int size() {
        return sorted.hashes.limit();
    }

    @EventListener(ApplicationReadyEvent.class)
    void openAfterStart() {
        if (source != null) {
            Thread opening = new Thread(() -> open(source), "reference-list");
            opening.setDaemon(true);
            opening.start();
        }
    }

    /** Opens the compiled list of this CSV, compiling it first if the CSV changed since; checks answer from it then. */
    void open(Path source) {
        try {
            Path compiled = source.resolveSibling(source.getFileName() + ".sorted");
            long started = System.nanoTime();
            if (!upToDate(source, compiled)) {
                compile(source, compiled);
            }
            try (FileChannel channel = FileChannel.open(compiled, StandardOpenOption.READ)) {
                sorted = Sorted.of(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
            }
            log.info("Scam indicators: reference list {} open, {} indicators, in {} ms", source, size(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            log.error("Scam indicators: reference list {} not opened; checks answer from the store alone", source, e);
        }
    }

    private static boolean upToDate(Path source, Path compiled) throws IOException {
        if (!Files.exists(compiled)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(compiled, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            channel.read(header, 0);
            header.flip();
            return header.remaining() == HEADER && header.getLong() == MAGIC && header.getLong() == Files.size(source)
                    && header.getLong() == Files.getLastModifiedTime(source).toMillis();
        }
    }

    /** Reads each line as a citizen's typed value is read, hashes, sorts, sums duplicates, and writes the file in one move. */
    private void compile(Path source, Path compiled) throws IOException {
        long size = Files.size(source);
        long modified = Files.getLastModifiedTime(source).toMillis();
        long[] hashes = new long[1 << 16];
        int[] reports = new int[1 << 16];
        int n = 0;
        int unreadable = 0;
        try (Reader reader = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
            for (CSVRecord line : CSVFormat.DEFAULT.builder().setCommentMarker('#').setIgnoreEmptyLines(true).get().parse(reader)) {
                Indicator indicator = read(line);
                int listed = reportsOf(line);
                if (indicator == null || listed < 1) {
                    unreadable++;
                    continue;
                }
                if (n == hashes.length) {
                    hashes = Arrays.copyOf(hashes, n * 2);
                    reports = Arrays.copyOf(reports, n * 2);
                }
                hashes[n] = hash(indicator);
                reports[n] = listed;
                n++;
            }
        }
        long[] h = hashes;
        int[] r = reports;
        int[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingLong(i -> h[i])).mapToInt(Integer::intValue).toArray();
        int distinct = 0;
        long[] outHashes = new long[n];
        int[] outReports = new int[n];
        for (int i : order) {
            if (distinct > 0 && outHashes[distinct - 1] == h[i]) {
                outReports[distinct - 1] += r[i];
            } else {
                outHashes[distinct] = h[i];
                outReports[distinct++] = r[i];
            }
        }
        ByteBuffer out = ByteBuffer.allocate(HEADER + distinct * 12);
        out.putLong(MAGIC).putLong(size).putLong(modified).putInt(distinct);
        out.asLongBuffer().put(outHashes, 0, distinct);
        out.position(HEADER + distinct * 8);
        out.asIntBuffer().put(outReports, 0, distinct);
        Path temporary = compiled.resolveSibling(compiled.getFileName() + ".new");
        Files.write(temporary, out.array());
        Files.move(temporary, compiled, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // Counts only: the values are the list's, and a log is no place to copy them to.
        log.info("Scam indicators: reference list compiled, {} indicators, {} lines not readable as their type", distinct, unreadable);
    }

    /** A line's indicator, or null when its value is not one of its type, or a bare name (a profile on which platform?). */
    private Indicator read(CSVRecord line) {
        if (line.size() < 2) {
            return null;
        }
        IndicatorType type;
        try {
            type = IndicatorType.valueOf(line.get(0).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String value = line.get(1).strip();
        if (type == IndicatorType.SOCIAL && value.matches("(?i)(zalo|facebook|telegram):[a-z0-9_.]+")) {
            return new Indicator(type, value.toLowerCase(Locale.ROOT), null);
        }
        // The first reading is the one a tip's text would be stored as ("0912…" as a wallet: E.164).
        List<String> readings = candidates.of(value).stream().filter(c -> c.type() == type).map(Indicator::value).distinct().toList();
        if (readings.isEmpty() || type == IndicatorType.SOCIAL && readings.size() > 1) {
            return null;
        }
        return new Indicator(type, readings.get(0), null);
    }

    /** The third column, 1 when absent; 0 when not a positive number. */
    private static int reportsOf(CSVRecord line) {
        if (line.size() < 3 || line.get(2).isBlank()) {
            return 1;
        }
        try {
            return Math.max(0, Integer.parseInt(line.get(2).strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static long hash(Indicator indicator) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(indicator.key().getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The compiled list: hashes in ascending order, and each one's reports at the same position. */
    private record Sorted(LongBuffer hashes, IntBuffer reports) {

        static final Sorted EMPTY = new Sorted(LongBuffer.allocate(0), IntBuffer.allocate(0));

        static Sorted of(ByteBuffer file) {
            int n = file.getInt(24);
            LongBuffer hashes = file.slice(HEADER, n * 8).asLongBuffer();
            return new Sorted(hashes, file.slice(HEADER + n * 8, n * 4).asIntBuffer());
        }

        OptionalInt reports(long hash) {
            int low = 0;
            int high = hashes.limit() - 1;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                long found = hashes.get(middle);
                if (found < hash) {
                    low = middle + 1;
                } else if (found > hash) {
                    high = middle - 1;
                } else {
                    return OptionalInt.of(reports.get(middle));
                }
            }
            return OptionalInt.empty();
        }
    }
}
