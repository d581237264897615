package vn.tipline.tip;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import vn.tipline.account.Officer;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A crime tip as officers see it. It holds the reporter only as a pseudonymous key: never a chat
 * id, user name or phone. {@code contact} is filled only when the citizen chose to give it.
 */
@Document("tips")
@CompoundIndex(name = "reporter_recent", def = "{'reporterKey': 1, 'createdAt': -1}")
public class Tip {

    @Id
    private String id;
    @Indexed(unique = true)
    private String code;
    /** One per pass through the report flow: confirming twice files one tip. */
    @Indexed(unique = true)
    private String submissionKey;
    private Topic topic;
    private String description;
    /** Lower case, accents stripped: the embedded store has no $text or collation. */
    private String searchText;
    private Place place;
    private String eventTime;
    /**
     * When it happened, read from {@code eventTime} at filing (Vietnam's time), or null when the words
     * name no date: from and to (equal for a moment), and as officers read it ("06/12/2026 18:00–22:00").
     */
    private Instant eventFrom;
    private Instant eventTo;
    private String eventPeriod;
    private List<String> attachments;
    /** Photos deleted by the retention policy (ids only, the files are gone), and when. */
    private List<String> purgedAttachments;
    private Instant attachmentsPurgedAt;
    private boolean anonymous;
    private String contact;
    private String reporterKey;
    private TipStatus status;
    private boolean urgent;
    private String channel;
    private String language;
    private Instant createdAt;
    private Instant updatedAt;
    @Version
    private Long version;
    /** The police unit whose queue holds the tip ("CAX-26740", "CAT-79"); null: the national queue, not yet routed. */
    private String unit;
    /** The province code of that unit, two digits ("79"). */
    private String province;
    /** How {@code unit} was first decided: CHOSEN, PLACE_TEXT, LOCATION, PROVINCE, NATIONAL. */
    private String routing;
    /** Officers' re-routings, oldest first. */
    private List<Reroute> routingHistory;

    // Routing and the officers' work on the tip. Every write to a tip goes through a targeted
    // update that also increments the version, so a whole-document save() elsewhere can never
    // silently drop a note or a reporter's answer.
    /** The officer account working on it, by user name. */
    private String assignee;
    private List<String> tags;
    /** Marked "có giá trị" (valuable) by an officer. */
    private boolean valuable;
    private Set<Outcome> outcomes;
    /** Receipt code of the tip this one duplicates, when its status is DUPLICATE. */
    private String duplicateOf;
    /** Append-only history: status changes, notes, follow-up questions and the reporter's answers. */
    private List<TimelineEntry> timeline;
    /** The reporter asked for a short message on each status change (by pseudonym: no address here). */
    private boolean notifyReporter;
    /** Reporter answers the assignee has not opened yet. */
    private int unreadAnswers;
    /** When the decision on the tip is due (art. 147): receipt plus the policy's days, or as extended. */
    private Instant dueAt;
    /** When it was last actioned, closed or rejected as spam; null while open (or reopened). */
    private Instant decidedAt;

    /** Where it happened: what the citizen typed and/or a shared point. */
    public record Place(String text, Double latitude, Double longitude) {
    }

    /** An officer moved the tip from one unit's queue to another's (null: the national queue). */
    public record Reroute(String from, String to, String reason, String by, Instant at) {
    }

    public Tip() {
    }

    Tip(String code, String submissionKey, Topic topic, String description, String searchText, Place place,
        String eventTime, List<String> attachments, boolean anonymous, String contact, String reporterKey,
        boolean urgent, String channel, String language, Instant createdAt) {
        this.code = code;
        this.submissionKey = submissionKey;
        this.topic = topic;
        this.description = description;
        this.searchText = searchText;
        this.place = place;
        this.eventTime = eventTime;
        this.attachments = List.copyOf(attachments);
        this.anonymous = anonymous;
        this.contact = contact;
        this.reporterKey = reporterKey;
        this.status = TipStatus.NEW;
        this.urgent = urgent;
        this.channel = channel;
        this.language = language;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    public String getId() {
        return id;
    }

    public String getCode() {
        return code;
    }

    public String getSubmissionKey() {
        return submissionKey;
    }

    public Topic getTopic() {
        return topic;
    }

    public String getDescription() {
        return description;
    }

    public String getSearchText() {
        return searchText;
    }

    public Place getPlace() {
        return place;
    }

    public String getEventTime() {
        return eventTime;
    }

    public Instant getEventFrom() {
        return eventFrom;
    }

    public Instant getEventTo() {
        return eventTo;
    }

    public boolean isNotifyReporter() {
        return notifyReporter;
    }

    public String getEventPeriod() {
        return eventPeriod;
    }

    public List<String> getAttachments() {
        return attachments;
    }

    public List<String> getPurgedAttachments() {
        return purgedAttachments == null ? List.of() : purgedAttachments;
    }

    public Instant getAttachmentsPurgedAt() {
        return attachmentsPurgedAt;
    }

    public boolean isAnonymous() {
        return anonymous;
    }

    public String getContact() {
        return contact;
    }

    public String getReporterKey() {
        return reporterKey;
    }

    public TipStatus getStatus() {
        return status;
    }

    public boolean isUrgent() {
        return urgent;
    }

    public String getChannel() {
        return channel;
    }

    public String getLanguage() {
        return language;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Long getVersion() {
        return version;
    }

    public String getUnit() {
        return unit;
    }

    /** Whether the tip is in the officer's scope: the one rule, {@link Officer#covers}, that relay threads follow too. */
    public boolean visibleTo(Officer officer) {
        return officer.covers(unit, province);
    }

    public String getProvince() {
        return province;
    }

    public String getAssignee() {
        return assignee;
    }

    public List<String> getTags() {
        return tags == null ? List.of() : tags;
    }

    public boolean isValuable() {
        return valuable;
    }

    public Set<Outcome> getOutcomes() {
        return outcomes == null ? Set.of() : outcomes;
    }

    public String getDuplicateOf() {
        return duplicateOf;
    }

    public List<TimelineEntry> getTimeline() {
        return timeline == null ? List.of() : timeline;
    }

    public int getUnreadAnswers() {
        return unreadAnswers;
    }

    public String getRouting() {
        return routing;
    }

    public List<Reroute> getRoutingHistory() {
        return routingHistory == null ? List.of() : routingHistory;
    }

    public Instant getDueAt() {
        return dueAt;
    }

    public Instant getDecidedAt() {
        return decidedAt;
    }

    /** Set once, when the tip is filed. */
    void dueBy(Instant dueAt) {
        this.dueAt = dueAt;
    }

    /** Set once, when the tip is filed. */
    void routeTo(String unit, String province, String routing) {
        this.unit = unit;
        this.province = province;
        this.routing = routing;
    }

    /** Set once, when the tip is filed. */
    void happened(EventTimes.Period period) {
        this.eventFrom = period.from().atZone(TipQueue.VIETNAM).toInstant();
        this.eventTo = period.to().atZone(TipQueue.VIETNAM).toInstant();
        this.eventPeriod = period.describe();
    }
}
