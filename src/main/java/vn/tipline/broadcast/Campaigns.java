package vn.tipline.broadcast;

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

    Campaigns(MongoTemplate mongo, Subscriptions subscriptions, Places places, BroadcastProperties properties, Clock clock) {
        this.mongo = mongo;
        this.subscriptions = subscriptions;
        this.places = places;
        this.properties = properties;
        this.clock = clock;
    }

    /** Who is acting, and what their role allows. */
    public record Actor(String username, boolean mayDraft, boolean mayApprove) {
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
        if (subscriptions.count(audience) == 0) {
            throw new CampaignRefused(CampaignRefused.Reason.NO_AUDIENCE);
        }
        Campaign campaign = new Campaign(UUID.randomUUID().toString(), title, vi, en, audience, DRAFT, null,
                draft.sendAt(), actor.username(), null, now, now, null, null, false, Campaign.Progress.NONE);
        mongo.insert(campaign);
        log.info("Broadcast: campaign {} drafted", campaign.id());
        return campaign;
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
