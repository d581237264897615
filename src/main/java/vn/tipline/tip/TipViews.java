package vn.tipline.tip;


import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the officer API shows of a tip. Built field by field on purpose: the reporter key and
 * the submission key (which embeds it) never leave the service, and the contact only when the
 * citizen chose to give it. Every text a citizen (or an officer) typed passes through
 * {@link VisibleText}: a control or bidi character shows as a marker, on the page and in the API.
 */
final class TipViews {

    private static final int EXCERPT = 160;

    private TipViews() {
    }

    @Schema(name = "TipSummary")
    record Summary(String id, String code, Topic topic, TipStatus status, boolean urgent, Instant createdAt,
                   String unit, String province, String assignee, List<String> tags, boolean valuable,
                   int attachments, String excerpt, int unreadAnswers, int openQuestions, long version) {
    }

    record Place(String text, Double latitude, Double longitude) {
    }

    /**
     * An evidence file; one deleted by the retention policy is listed as purged, without a url.
     * {@code kind}: PHOTO, AUDIO, VIDEO or DOCUMENT; {@code cleaned} false: its metadata could not be removed.
     */
    record Attachment(String id, String url, boolean purged, String kind, String contentType, boolean cleaned) {
    }

    record Detail(String id, String code, Topic topic, TipStatus status, Set<TipStatus> nextStatuses, boolean urgent,
                  Instant createdAt, Instant updatedAt, String unit, String province, String assignee,
                  List<String> tags, boolean valuable, Set<Outcome> outcomes, String duplicateOf,
                  List<String> duplicates, String description, Place place, String eventTime, String eventPeriod, boolean anonymous,
                  String contact, String channel, String language, List<Attachment> attachments,
                  List<TimelineEntry> timeline, int unreadAnswers, int openQuestions, long version) {
    }

    static Summary summary(Tip tip) {
        String description = tip.getDescription() == null ? "" : tip.getDescription();
        String excerpt = description.codePointCount(0, description.length()) <= EXCERPT ? description
                : description.substring(0, description.offsetByCodePoints(0, EXCERPT)) + "…";
        return new Summary(tip.getId(), tip.getCode(), tip.getTopic(), tip.getStatus(), tip.isUrgent(),
                tip.getCreatedAt(), tip.getUnit(), tip.getProvince(), tip.getAssignee(), visible(tip.getTags()),
                tip.isValuable(), tip.getAttachments() == null ? 0 : tip.getAttachments().size(), VisibleText.of(excerpt),
                tip.getUnreadAnswers(), FollowUps.pending(tip).size(), version(tip));
    }

    static Detail detail(Tip tip, List<Tip> duplicates, String attachmentBase) {
        return detail(tip, duplicates, attachmentBase, Map.of());
    }

    static Detail detail(Tip tip, List<Tip> duplicates, String attachmentBase, Map<String, Attachments.Described> files) {
        Tip.Place place = tip.getPlace();
        List<Attachment> attachments = new ArrayList<>();
        if (tip.getAttachments() != null) {
            for (String a : tip.getAttachments()) {
                Attachments.Described file = files.getOrDefault(a, new Attachments.Described("PHOTO", "image/jpeg", true));
                attachments.add(new Attachment(a, attachmentBase + "/" + a, false, file.kind(), file.contentType(), file.cleaned()));
            }
        }
        tip.getPurgedAttachments().forEach(a -> attachments.add(new Attachment(a, null, true, null, null, true)));
        return new Detail(tip.getId(), tip.getCode(), tip.getTopic(), tip.getStatus(),
                TipWorkflow.nextStatuses(tip.getStatus()), tip.isUrgent(), tip.getCreatedAt(), tip.getUpdatedAt(),
                tip.getUnit(), tip.getProvince(), tip.getAssignee(), visible(tip.getTags()), tip.isValuable(),
                tip.getOutcomes(), tip.getDuplicateOf(), duplicates.stream().map(Tip::getCode).toList(),
                VisibleText.of(tip.getDescription()),
                place == null ? null : new Place(VisibleText.of(place.text()), place.latitude(), place.longitude()),
                VisibleText.of(tip.getEventTime()), tip.getEventPeriod(), tip.isAnonymous(), tip.isAnonymous() ? null : VisibleText.of(tip.getContact()),
                tip.getChannel(), tip.getLanguage(), List.copyOf(attachments),
                tip.getTimeline().stream().map(TipViews::visible).toList(), tip.getUnreadAnswers(),
                FollowUps.pending(tip).size(), version(tip));
    }

    /** Answers, notes and questions as shown: the same entry with its free text made visible. */
    private static TimelineEntry visible(TimelineEntry e) {
        return new TimelineEntry(e.id(), e.kind(), e.at(), e.actor(), VisibleText.of(e.text()), VisibleText.of(e.before()),
                VisibleText.of(e.after()), e.refs(), VisibleText.of(e.detail()));
    }

    private static List<String> visible(List<String> texts) {
        return texts == null ? null : texts.stream().map(VisibleText::of).toList();
    }

    private static long version(Tip tip) {
        return tip.getVersion() == null ? 0 : tip.getVersion();
    }
}
