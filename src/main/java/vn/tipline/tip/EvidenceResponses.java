package vn.tipline.tip;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * An evidence file as the officers' browsers read it. Players ask for byte ranges (to start, to seek):
 * one range is answered with 206 and only those bytes, read from GridFS as they are sent; several,
 * or none, with the whole file. A PDF is a download, never shown inside the console; nothing is
 * sniffed into another type.
 */
final class EvidenceResponses {

    private EvidenceResponses() {
    }

    /** A request without a range, or one from the start: an officer opening the file, not a player seeking. */
    static boolean isFirstRead(String range) {
        List<HttpRange> ranges = parse(range);
        return ranges.size() != 1 || ranges.get(0).getRangeStart(Long.MAX_VALUE) == 0;
    }

    static ResponseEntity<InputStreamResource> of(Attachments.Evidence evidence, String range) throws IOException {
        boolean download = evidence.contentType().equals("application/pdf")
                || evidence.contentType().equals("application/octet-stream");
        ContentDisposition disposition = (download ? ContentDisposition.attachment() : ContentDisposition.inline())
                .filename("evidence." + evidence.extension()).build();
        List<HttpRange> ranges = parse(range);
        long length = evidence.length();
        ResponseEntity.BodyBuilder response;
        InputStream body = evidence.resource().getInputStream();
        if (ranges.size() == 1 && length > 0) {
            HttpRange asked = ranges.get(0);
            long start = asked.getRangeStart(length);
            if (start >= length) {
                body.close();
                return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                        .header(HttpHeaders.CONTENT_RANGE, "bytes */" + length).build();
            }
            long end = Math.min(asked.getRangeEnd(length), length - 1);
            body.skipNBytes(start);
            body = new Limited(body, end - start + 1);
            response = ResponseEntity.status(HttpStatus.PARTIAL_CONTENT)
                    .header(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + length)
                    .contentLength(end - start + 1);
        } else {
            response = ResponseEntity.ok().contentLength(length);
        }
        return response.contentType(MediaType.parseMediaType(evidence.contentType()))
                .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                .cacheControl(CacheControl.noStore().cachePrivate())
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(new InputStreamResource(body));
    }

    /** The ranges asked for; a malformed header is ignored (the whole file), as RFC 9110 allows. */
    private static List<HttpRange> parse(String range) {
        if (range == null || range.isBlank()) {
            return List.of();
        }
        try {
            return HttpRange.parseRanges(range);
        } catch (IllegalArgumentException malformed) {
            return List.of();
        }
    }

    /** Ends after {@code left} bytes: the rest of the GridFS stream is never read. */
    private static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
