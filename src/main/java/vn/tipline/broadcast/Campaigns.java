package vn.tipline.broadcast;

import com.mongodb.client.gridfs.model.GridFSFile;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.gridfs.GridFsResource;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import vn.tipline.account.Officer;
import vn.tipline.account.Role;
import vn.tipline.conversation.EvidenceStore;
import vn.tipline.conversation.Inbound;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import vn.tipline.conversation.Folding;
import vn.tipline.police.Places;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static vn.tipline.broadcast.Campaign.State.APPROVED;
import static vn.tipline.broadcast.Campaign.State.CANCELLED;
import static vn.tipline.broadcast.Campaign.State.DRAFT;
import static vn.tipline.broadcast.Campaign.State.PAUSED;
import static vn.tipline.broadcast.Campaign.State.SCHEDULED;
import static vn.tipline.broadcast.Campaign.State.SENDING;

/**
 * Drafting, approving, scheduling, pausing, resuming and cancelling campaigns. Every change is a
 * single conditional update on the campaign's current state, so two officers acting at once cannot
 * both win (the loser gets INVALID_TRANSITION). Who may do what is decided here from the actor's
 * rights; auditing is the caller's (the officer API).
 */
@Service
public class Campaigns {

    private static final Logger log = LoggerFactory.getLogger(Campaigns.class);
    static final int MAX_TITLE = 200;
    static final Set<String> CHANNELS = Set.of("web", "telegram", "zalo");

    private final MongoTemplate mongo;
    private final Subscriptions subscriptions;
    private final Places places;
    private final BroadcastProperties properties;
    private final Clock clock;
    private final EvidenceStore images;
    private final GridFsTemplate files;

    Campaigns(MongoTemplate mongo, Subscriptions subscriptions, Places places, BroadcastProperties properties, Clock clock,
              EvidenceStore images, GridFsTemplate files) {
        this.images = images;
        this.files = files;
        this.mongo = mongo;
        this.subscriptions = subscriptions;
        this.places = places;
        this.properties = properties;
        this.clock = clock;
    }

    /** Who is acting, and what their role allows. */
    public record Actor(String username, boolean mayDraft, boolean mayApprove) {

        /**
         * Every account drafts (the first administrator too, alone on a new install); supervisors and
         * administrators approve, never their own draft.
         */
        public static Actor of(Officer officer) {
            return new Actor(officer.username(), true, officer.role() == Role.SUPERVISOR || officer.role() == Role.ADMIN);
        }
    }

    public record Draft(String title, String textVi, String textEn, Audience audience, Instant sendAt) {
    }

    public Campaign create(Actor actor, Draft draft) {
        if (!actor.mayDraft()) {
            throw new CampaignRefused(CampaignRefused.Reason.ROLE_NOT_ALLOWED);
        }
        String vi = clean(draft.textVi());
        String en = clean(draft.textEn());
        String title = clean(draft.title());
        if (vi == null) {
            throw new CampaignRefused(CampaignRefused.Reason.TEXT_REQUIRED);
        }
        if (length(vi) > properties.maxText() || (en != null && length(en) > properties.maxText())) {
            throw new CampaignRefused(CampaignRefused.Reason.TEXT_TOO_LONG);
        }
        if (title != null && length(title) > MAX_TITLE) {
            throw new CampaignRefused(CampaignRefused.Reason.TITLE_TOO_LONG);
        }
        Audience audience = check(draft.audience() == null ? new Audience(null, null, null, null) : draft.audience());
        Instant now = clock.instant();
        if (draft.sendAt() != null && draft.sendAt().isBefore(now)) {
            throw new CampaignRefused(CampaignRefused.Reason.SCHEDULE_IN_PAST);
        }
        // A draft may reach nobody yet (a new install has no subscriber): approving it may not.
        Campaign campaign = new Campaign(UUID.randomUUID().toString(), title, vi, en, audience, DRAFT, null,
                draft.sendAt(), actor.username(), null, now, now, null, null, false, Campaign.Progress.NONE, null, null);
        mongo.insert(campaign);
        log.info("Broadcast: campaign {} drafted", campaign.id());
        return campaign;
    }

    /**
     * Sets a draft's picture, replacing any earlier one. The image is decoded and encoded again (no
     * EXIF, GPS or camera data leaves with it); anything that is not a picture is refused.
     */
    public Campaign setImage(Actor actor, String id, byte[] data) {
        Campaign campaign = editableDraft(actor, id);
        if (data == null || data.length == 0) {
            throw new CampaignRefused(CampaignRefused.Reason.IMAGE_INVALID);
        }
        if (data.length > properties.maxImage().toBytes()) {
            throw new CampaignRefused(CampaignRefused.Reason.IMAGE_TOO_LARGE);
        }
        String imageId;
        try {
            imageId = images.save(new Inbound.Media(data, null));
        } catch (EvidenceStore.UnsupportedEvidenceException notAPicture) {
            throw new CampaignRefused(CampaignRefused.Reason.IMAGE_INVALID);
        }
        GridFSFile stored = files.findOne(Query.query(Criteria.where("_id").is(new ObjectId(imageId))));
        String type = stored == null || stored.getMetadata() == null ? "image/jpeg"
                : stored.getMetadata().getString("contentType");
        Campaign changed = mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("state").is(DRAFT)),
                new Update().set("imageId", imageId).set("imageType", type).set("updatedAt", clock.instant()),
                FindAndModifyOptions.options().returnNew(true), Campaign.class);
        if (changed == null) {
            deleteFile(imageId);
            throw new CampaignRefused(CampaignRefused.Reason.INVALID_TRANSITION);
        }
        if (campaign.imageId() != null) {
            deleteFile(campaign.imageId());
        }
        return changed;
    }

    /** Takes a draft's picture away. */
    public Campaign removeImage(Actor actor, String id) {
        Campaign campaign = editableDraft(actor, id);
        Campaign changed = mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("state").is(DRAFT)),
                new Update().unset("imageId").unset("imageType").set("updatedAt", clock.instant()),
                FindAndModifyOptions.options().returnNew(true), Campaign.class);
        if (changed == null) {
            throw new CampaignRefused(CampaignRefused.Reason.INVALID_TRANSITION);
        }
        if (campaign.imageId() != null) {
            deleteFile(campaign.imageId());
        }
        return changed;
    }

    /** A campaign's picture, for the officers' preview. */
    public Optional<GridFsResource> image(String id) {
        Campaign campaign = get(id);
        return campaign.imageId() == null ? Optional.empty() : picture(campaign.imageId());
    }

    /**
     * The picture of a campaign that has started, by its file id: what a subscriber's web chat may
     * show. Evidence files and drafts' pictures are never served this way.
     */
    public Optional<GridFsResource> publishedImage(String imageId) {
        if (imageId == null || !ObjectId.isValid(imageId) || !mongo.exists(Query.query(Criteria.where("imageId").is(imageId)
                .and("startedAt").ne(null)), Campaign.class)) {
            return Optional.empty();
        }
        return picture(imageId);
    }

    private Optional<GridFsResource> picture(String imageId) {
        GridFSFile file = files.findOne(Query.query(Criteria.where("_id").is(new ObjectId(imageId))));
        return file == null ? Optional.empty() : Optional.of(files.getResource(file));
    }

    private Campaign editableDraft(Actor actor, String id) {
        Campaign campaign = get(id);
        if (!actor.mayDraft()) {
            throw new CampaignRefused(CampaignRefused.Reason.ROLE_NOT_ALLOWED);
        }
        if (campaign.state() != DRAFT) {
            throw new CampaignRefused(CampaignRefused.Reason.INVALID_TRANSITION);
        }
        return campaign;
    }

    private void deleteFile(String imageId) {
        files.delete(Query.query(Criteria.where("_id").is(new ObjectId(imageId))));
    }

    /** The number of active subscribers an audience reaches now. */
    public long preview(Audience audience) {
        return subscriptions.count(check(audience));
    }

    public Campaign get(String id) {
        Campaign campaign = id == null ? null : mongo.findById(id, Campaign.class);
        if (campaign == null) {
            throw new CampaignRefused(CampaignRefused.Reason.NOT_FOUND);
        }
        return campaign;
    }

    public List<Campaign> list() {
        return mongo.find(new Query().with(Sort.by(Sort.Order.desc("createdAt"))).limit(200), Campaign.class);
    }

    /** What may be done to a campaign now, in the order the page offers it: its state's moves this actor may make. */
    public static List<String> actions(Campaign campaign, Actor actor) {
        List<String> actions = new ArrayList<>();
        switch (campaign.state()) {
            case DRAFT -> {
                if (actor.mayApprove() && !actor.username().equals(campaign.author())) {
                    actions.add("approve");
                }
            }
            case APPROVED -> actions.add("schedule");
            case SCHEDULED, SENDING -> actions.add("pause");
            case PAUSED -> actions.add("resume");
            case DONE, CANCELLED -> {
                return actions;
            }
        }
        actions.add("cancel");
        return actions;
    }

    /** A supervisor or administrator other than the author approves a draft. */
    public Campaign approve(Actor actor, String id) {
        Campaign campaign = get(id);
        if (!actor.mayApprove()) {
            throw new CampaignRefused(CampaignRefused.Reason.ROLE_NOT_ALLOWED);
        }
        if (actor.username().equals(campaign.author())) {
            throw new CampaignRefused(CampaignRefused.Reason.OWN_CAMPAIGN);
        }
        if (subscriptions.count(campaign.audience()) == 0) {
            throw new CampaignRefused(CampaignRefused.Reason.NO_AUDIENCE);
        }
        return move(id, List.of(DRAFT), APPROVED, new Update().set("approvedBy", actor.username()));
    }

    /** Schedules an approved campaign: at {@code sendAt}, else at the time in the draft, else now. */
    public Campaign schedule(Actor actor, String id, Instant sendAt) {
        Campaign campaign = get(id);
        Instant now = clock.instant();
        Instant at = sendAt != null ? sendAt : campaign.sendAt() != null ? campaign.sendAt() : now;
        if (at.isBefore(now.minusSeconds(1))) {
            throw new CampaignRefused(CampaignRefused.Reason.SCHEDULE_IN_PAST);
        }
        return move(id, List.of(APPROVED), SCHEDULED, new Update().set("sendAt", at));
    }

    public Campaign pause(Actor actor, String id) {
        Campaign campaign = get(id);
        return move(id, List.of(SCHEDULED, SENDING), PAUSED, new Update().set("pausedFrom", campaign.state()));
    }

    public Campaign resume(Actor actor, String id) {
        Campaign campaign = get(id);
        if (campaign.state() != PAUSED || campaign.pausedFrom() == null) {
            throw new CampaignRefused(CampaignRefused.Reason.INVALID_TRANSITION);
        }
        return move(id, List.of(PAUSED), campaign.pausedFrom(), new Update().unset("pausedFrom"));
    }

    /** Stops a campaign for good; messages already in the outbox still go. */
    public Campaign cancel(Actor actor, String id) {
        get(id);
        return move(id, List.of(DRAFT, APPROVED, SCHEDULED, SENDING, PAUSED), CANCELLED,
                new Update().set("finishedAt", clock.instant()));
    }

    private Campaign move(String id, List<Campaign.State> from, Campaign.State to, Update update) {
        Campaign moved = mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("state").in(from)),
                update.set("state", to).set("updatedAt", clock.instant()),
                FindAndModifyOptions.options().returnNew(true), Campaign.class);
        if (moved == null) {
            get(id);
            throw new CampaignRefused(CampaignRefused.Reason.INVALID_TRANSITION);
        }
        log.info("Broadcast: campaign {} is now {}", id, to);
        return moved;
    }

    private Audience check(Audience audience) {
        for (Integer province : audience.provinces()) {
            if (province == null || !places.provinceExists(province)) {
                throw new CampaignRefused(CampaignRefused.Reason.UNKNOWN_PROVINCE);
            }
        }
        for (Integer commune : audience.communes()) {
            if (commune == null || !places.communeExists(commune)) {
                throw new CampaignRefused(CampaignRefused.Reason.UNKNOWN_COMMUNE);
            }
        }
        for (String topic : audience.topics()) {
            if (NewsTopic.fromValue(topic).isEmpty()) {
                throw new CampaignRefused(CampaignRefused.Reason.UNKNOWN_TOPIC);
            }
        }
        for (String channel : audience.channels()) {
            if (channel == null || !CHANNELS.contains(channel)) {
                throw new CampaignRefused(CampaignRefused.Reason.UNKNOWN_CHANNEL);
            }
        }
        return new Audience(audience.provinces(), audience.communes(),
                audience.topics().stream().map(t -> NewsTopic.fromValue(t).orElseThrow().value()).toList(),
                audience.channels());
    }

    private static String clean(String text) {
        if (text == null) {
            return null;
        }
        String clean = Folding.nfc(text).strip();
        return clean.isEmpty() ? null : clean;
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }
}
