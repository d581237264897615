package vn.tipline.tip;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import vn.tipline.account.AuditLog;
import vn.tipline.account.Officer;
import vn.tipline.account.UnitNames;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * CSV exports: the tips of a filtered queue (streamed from the store row by row, so a large
 * export never sits in memory) and the statistics table. An export leaves the system, so it
 * carries less than the screen: no contact details, no timeline, never a reporter key.
 */
@Service
class Exports {

    static final List<String> TIP_COLUMNS = List.of("code", "created_at", "due_at", "topic", "status", "urgent",
            "unit", "unit_name", "province", "assignee", "tags", "valuable", "outcomes", "duplicate_of", "attachments", "event_time",
            "place", "latitude", "longitude", "description");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(TipQueue.VIETNAM);
    private static final int FLUSH_EVERY = 200;

    private final TipQueue queue;
    private final TipStatistics statistics;
    private final AuditLog audit;
    private final UnitNames units;

    Exports(TipQueue queue, TipStatistics statistics, AuditLog audit, ObjectProvider<UnitNames> units) {
        this.units = units.getIfAvailable(() -> UnitNames.CODES_ONLY);
        this.queue = queue;
        this.statistics = statistics;
        this.audit = audit;
    }

    /** Audits the export now (so a dropped download is still on record) and returns the writer of the body. */
    Writer tips(Officer officer, TipFilter filter) {
        long count = queue.count(officer, filter);
        audit.record(officer.username(), AuditLog.Action.EXPORT_TIPS, null,
                count + " tips" + (filter.summary().isEmpty() ? "" : ", " + filter.summary()));
        return out -> {
            try (CsvExport csv = new CsvExport(out); Stream<Tip> tips = queue.stream(officer, filter)) {
                csv.row(TIP_COLUMNS);
                int[] written = {0};
                tips.forEach(tip -> {
                    try {
                        csv.row(tipRow(tip));
                        if (++written[0] % FLUSH_EVERY == 0) {
                            csv.flush();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        };
    }

    /** A row; the unit's name beside its code, from the directory kept in memory (no store read per row). */
    private List<Object> tipRow(Tip tip) {
        Tip.Place place = tip.getPlace();
        return Arrays.asList(tip.getCode(), TIME.format(tip.getCreatedAt()),
                tip.getDueAt() == null ? null : TIME.format(tip.getDueAt()), tip.getTopic(), tip.getStatus(),
                tip.isUrgent(), tip.getUnit(), tip.getUnit() == null ? null : units.name(tip.getUnit()).orElse(null),
                tip.getProvince(), tip.getAssignee(), String.join("|", tip.getTags()),
                tip.isValuable(), String.join("|", tip.getOutcomes().stream().map(Enum::name).sorted().toList()),
                tip.getDuplicateOf(), tip.getAttachments() == null ? 0 : tip.getAttachments().size(), tip.getEventTime(),
                place == null ? null : place.text(), place == null ? null : place.latitude(),
                place == null ? null : place.longitude(), tip.getDescription());
    }

    Writer statistics(Officer officer, TipStatistics.Report report) {
        audit.record(officer.username(), AuditLog.Action.EXPORT_STATS, null,
                report.from() + ".." + report.to() + " by " + report.granularity());
        return out -> {
            try (CsvExport csv = new CsvExport(out)) {
                List<Object> header = new ArrayList<>(List.of("period", "received", "valuable"));
                Arrays.stream(Outcome.values()).forEach(o -> header.add("outcome_" + o.name().toLowerCase(java.util.Locale.ROOT)));
                Arrays.stream(Topic.values()).forEach(t -> header.add("topic_" + t.name().toLowerCase(java.util.Locale.ROOT)));
                Arrays.stream(TipStatus.values()).forEach(s -> header.add("status_" + s.name().toLowerCase(java.util.Locale.ROOT)));
                csv.row(header);
                for (TipStatistics.Period p : report.series()) {
                    List<Object> row = new ArrayList<>(List.of(p.period(), p.received(), p.valuable()));
                    row.addAll(p.byOutcome().values());
                    row.addAll(p.byTopic().values());
                    row.addAll(p.byStatus().values());
                    csv.row(row);
                }
                List<Object> total = new ArrayList<>(List.of("total", report.received(), report.valuable()));
                total.addAll(report.byOutcome().values());
                total.addAll(report.byTopic().values());
                total.addAll(report.byStatus().values());
                csv.row(total);
            }
        };
    }

    /** Writes an export's body. */
    interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }
}
