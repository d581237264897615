package vn.tipline.broadcast;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import vn.tipline.channel.ReporterMessenger;
import vn.tipline.conversation.Outbound;
import vn.tipline.outbox.Outbox;
import vn.tipline.store.StoreLocation;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Delivers campaigns. A campaign's subscribers are split into {@link Subscriptions#BUCKETS} buckets
 * by a stable hash of their key; an instance claims one bucket at a time with findAndModify (a lease,
 * so two instances share a campaign and a crashed one's bucket is taken over when its lease runs
 * out) and hands each subscriber one message with the idempotency key {@code bc:campaign:subscriber}:
 * a bucket handed over again after a crash queues nothing twice (the outbox and the web inbox keep
 * the key), so nobody is skipped or doubled. Pacing and retries are the outbox's; a bucket is handed
 * over only while the outbox holds less than {@link BroadcastProperties#maxBacklog()} messages, and
 * broadcasts are queued at bulk priority, behind any reply to a citizen. A bucket records
 * the keys it queued; once each has an outcome in the outbox the bucket's counts are final, and the
 * campaign is DONE when every bucket is.
 */
@Component
class BroadcastDispatcher {

    private static final Logger log = LoggerFactory.getLogger(BroadcastDispatcher.class);
    static final String BUCKETS = "broadcast_buckets";
    /** The first request of a subscriber's message (MessageRenderer keys: prefix:message:part). */
    private static final String FIRST_PART = ":0:0";

    private final MongoTemplate mongo;
    private final Subscriptions subscriptions;
    private final ReporterMessenger messenger;
    private final Outbox outbox;
    private final CampaignMessages messages;
    private final BroadcastProperties properties;
    private final Clock clock;
    private final ObjectProvider<StoreLocation> store;
    private final String instance = "bc-" + UUID.randomUUID().toString().substring(0, 8);
    /** Keys found neither finished nor queued, and since when (see {@link #missingTooLong}). */
    private final java.util.Map<String, Instant> missingSince = new java.util.concurrent.ConcurrentHashMap<>();

    BroadcastDispatcher(MongoTemplate mongo, Subscriptions subscriptions, ReporterMessenger messenger, Outbox outbox,
                        CampaignMessages messages, BroadcastProperties properties, Clock clock,
                        ObjectProvider<StoreLocation> store) {
        this.store = store;
        this.mongo = mongo;
        this.subscriptions = subscriptions;
        this.messenger = messenger;
        this.outbox = outbox;
        this.messages = messages;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * One bucket of one campaign. {@code queued}: keys in the outbox; {@code sent}, {@code failed},
     * {@code blocked}: final outcomes so far (web deliveries count as sent at once; a channel with no
     * sender or a subscriber with no address as failed; a chat known to be unreachable as blocked).
     * {@code optedOut}: left between the campaign's start and the bucket's turn.
     */
    @Document(BUCKETS)
    record Bucket(@Id String id, String campaignId, int bucket, boolean handed, Instant leaseUntil, String owner,
                  long recipients, List<String> queued, long sent, long failed, long blocked, long optedOut) {
    }

    /** On the embedded store (one process only), buckets claimed at start were a killed predecessor's: free them. */
    @EventListener(ApplicationReadyEvent.class)
    void takeBackOrphanedBuckets() {
        if (!StoreLocation.isSoleInstance(store)) {
            return;
        }
        long released = mongo.updateMulti(Query.query(Criteria.where("owner").exists(true).and("handed").is(false)),
                new Update().set("leaseUntil", Instant.EPOCH).unset("owner"), Bucket.class).getModifiedCount();
        if (released > 0) {
            log.info("Broadcast: {} bucket(s) claimed before a crash taken back at once", released);
        }
    }

    @Scheduled(fixedDelayString = "${tipline.broadcast.tick:PT1S}", initialDelayString = "${tipline.broadcast.tick:PT1S}")
    void tick() {
        try {
            runOnce(instance, -1);
        } catch (RuntimeException e) {
            log.warn("Broadcast: dispatch failed ({}); retried at the next tick", e.getClass().getSimpleName());
        }
    }

    /**
     * Starts due campaigns, hands buckets over until the tick's budget is spent, settles finished
     * buckets. {@code crashAfter} (tests only, -1 otherwise): stop dead after handing over that many
     * messages, leaving the claimed bucket as a killed instance would.
     */
    void runOnce(String owner, int crashAfter) {
        startDue();
        Instant deadline = clock.instant().plus(properties.tickBudget());
        int[] handed = {0};
        while (clock.instant().isBefore(deadline) && outbox.depth() < properties.maxBacklog()) {
            Bucket bucket = claim(owner);
            if (bucket == null) {
                break;
            }
            if (!hand(bucket, owner, crashAfter, handed)) {
                return;
            }
        }
        settle();
    }

    private void startDue() {
        Instant now = clock.instant();
        while (true) {
            Campaign started = mongo.findAndModify(
                    Query.query(Criteria.where("state").is(Campaign.State.SCHEDULED).and("sendAt").lte(now)),
                    new Update().set("state", Campaign.State.SENDING).set("startedAt", now).set("updatedAt", now),
                    FindAndModifyOptions.options().returnNew(true), Campaign.class);
            if (started == null) {
                break;
            }
            log.info("Broadcast: campaign {} started", started.id());
        }
        // Buckets are created after the state change; a crash in between is mended here on the next tick.
        for (Campaign campaign : mongo.find(Query.query(Criteria.where("state").in(Campaign.State.SENDING,
                Campaign.State.PAUSED).and("startedAt").ne(null).and("bucketsReady").is(false)), Campaign.class)) {
            for (int b = 0; b < Subscriptions.BUCKETS; b++) {
                try {
                    mongo.insert(new Bucket(campaign.id() + ":" + b, campaign.id(), b, false, Instant.EPOCH, null, 0,
                            List.of(), 0, 0, 0, 0));
                } catch (DuplicateKeyException already) {
                    // Made before a crash.
                }
            }
            mongo.updateFirst(Query.query(Criteria.where("_id").is(campaign.id())), new Update().set("bucketsReady", true),
                    Campaign.class);
        }
    }

    private Bucket claim(String owner) {
        List<String> sending = mongo.find(Query.query(Criteria.where("state").is(Campaign.State.SENDING)
                .and("bucketsReady").is(true)), Campaign.class).stream().map(Campaign::id).toList();
        if (sending.isEmpty()) {
            return null;
        }
        Instant now = clock.instant();
        return mongo.findAndModify(Query.query(Criteria.where("campaignId").in(sending).and("handed").is(false)
                        .and("leaseUntil").lte(now)).with(org.springframework.data.domain.Sort.by("campaignId", "bucket")),
                new Update().set("leaseUntil", now.plus(properties.lease())).set("owner", owner),
                FindAndModifyOptions.options().returnNew(true), Bucket.class);
    }

    /** Hands one bucket's subscribers their message; false if the (test) crash point was reached. */
    private boolean hand(Bucket bucket, String owner, int crashAfter, int[] handed) {
        Campaign campaign = mongo.findById(bucket.campaignId(), Campaign.class);
        if (campaign == null || campaign.state() != Campaign.State.SENDING) {
            release(bucket, owner);
            return true;
        }
        List<Subscriptions.Subscriber> recipients = subscriptions.inBucket(campaign.audience(), campaign.startedAt(),
                bucket.bucket());
        long optedOut = subscriptions.optedOutInBucket(campaign.audience(), campaign.startedAt(), bucket.bucket());
        List<String> queued = new ArrayList<>();
        long sent = 0;
        long failed = 0;
        long blocked = 0;
        for (Subscriptions.Subscriber subscriber : recipients) {
            if (crashAfter >= 0 && handed[0] >= crashAfter) {
                return false;
            }
            String key = "bc:" + campaign.id() + ":" + subscriber.key();
            ReporterMessenger.OnceResult result = messenger.sendOnce(subscriber.key(), message(campaign, subscriber), key);
            handed[0]++;
            switch (result) {
                case QUEUED -> queued.add(key + FIRST_PART);
                case DELIVERED -> sent++;
                case UNREACHABLE -> blocked++;
                case NO_ADDRESS, NO_SENDER -> failed++;
            }
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(bucket.id())),
                new Update().set("handed", true).set("recipients", recipients.size()).set("queued", queued)
                        .set("sent", sent).set("failed", failed).set("blocked", blocked).set("optedOut", optedOut)
                        .set("leaseUntil", Instant.EPOCH).unset("owner"), Bucket.class);
        return true;
    }

    private void release(Bucket bucket, String owner) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(bucket.id()).and("owner").is(owner)),
                new Update().set("leaseUntil", Instant.EPOCH).unset("owner"), Bucket.class);
    }

    private List<Outbound> message(Campaign campaign, Subscriptions.Subscriber subscriber) {
        return messages.of(campaign.textVi(), campaign.textEn(), campaign.imageId(), campaign.imageType(),
                subscriber.language());
    }

    /** Moves outcomes from the outbox into the buckets' counts; a campaign whose buckets are all final is DONE. */
    private void settle() {
        for (Campaign campaign : mongo.find(Query.query(Criteria.where("state").in(Campaign.State.SENDING,
                Campaign.State.PAUSED, Campaign.State.CANCELLED).and("bucketsReady").is(true)
                .and("finishedAt").is(null)), Campaign.class)) {
            settle(campaign);
        }
        for (Campaign campaign : mongo.find(Query.query(Criteria.where("state").is(Campaign.State.CANCELLED)
                .and("bucketsReady").is(true).and("progress.queued").gt(0)), Campaign.class)) {
            settle(campaign);
        }
    }

    private void settle(Campaign campaign) {
        List<Bucket> buckets = mongo.find(Query.query(Criteria.where("campaignId").is(campaign.id())), Bucket.class);
        long audience = 0;
        long queued = 0;
        long sent = 0;
        long failed = 0;
        long blocked = 0;
        long optedOut = 0;
        boolean allHanded = buckets.size() == Subscriptions.BUCKETS;
        for (Bucket bucket : buckets) {
            if (!bucket.handed()) {
                allHanded = false;
                continue;
            }
            Bucket current = bucket;
            if (!bucket.queued().isEmpty()) {
                current = resolve(bucket);
            }
            audience += current.recipients();
            queued += current.queued().size();
            sent += current.sent();
            failed += current.failed();
            blocked += current.blocked();
            optedOut += current.optedOut();
        }
        Update update = new Update().set("progress", new Campaign.Progress(audience, queued, sent, failed, blocked, optedOut));
        Query query = Query.query(Criteria.where("_id").is(campaign.id()));
        if (allHanded && queued == 0 && campaign.state() == Campaign.State.SENDING) {
            Instant now = clock.instant();
            update.set("state", Campaign.State.DONE).set("finishedAt", now).set("updatedAt", now);
            query.addCriteria(Criteria.where("state").is(Campaign.State.SENDING));
            log.info("Broadcast: campaign {} done: {} reached, {} sent, {} failed, {} blocked, {} opted out",
                    campaign.id(), audience, sent, failed, blocked, optedOut);
        }
        mongo.updateFirst(query, update, Campaign.class);
    }

    /**
     * Whether a key with neither an outcome nor a place in the outbox has been so for longer than a
     * lease. One such reading is not proof: a 20,000-subscriber run counted 6 delivered messages as
     * failed on single readings, so a key is only given up once it stays missing on later ticks.
     */
    private boolean missingTooLong(String key, Instant now) {
        Instant since = missingSince.computeIfAbsent(key, k -> now);
        return !since.plus(properties.lease()).isAfter(now);
    }

    private Bucket resolve(Bucket bucket) {
        Instant now = clock.instant();
        List<String> still = new ArrayList<>();
        long sent = bucket.sent();
        long failed = bucket.failed();
        long blocked = bucket.blocked();
        for (String key : bucket.queued()) {
            if (!still.isEmpty()) {
                // The outbox delivers a bucket roughly in the order it was queued: once one key is still
                // waiting, the rest are looked at on a later tick (keeps each tick cheap on large campaigns).
                still.add(key);
                continue;
            }
            Optional<String> outcome = outbox.outcome(key);
            if (outcome.isEmpty() && !outbox.isQueued(key)) {
                // Finished between the two reads: the outbox records the outcome before it removes the message.
                outcome = outbox.outcome(key);
            }
            if (outcome.isEmpty()) {
                if (outbox.isQueued(key) || !missingTooLong(key, now)) {
                    still.add(key);
                } else {
                    // Never queued (the chat turned unreachable meanwhile) or long forgotten.
                    missingSince.remove(key);
                    failed++;
                }
                continue;
            }
            missingSince.remove(key);
            switch (outcome.get()) {
                case "sent" -> sent++;
                case "dropped" -> blocked++;
                default -> failed++;
            }
        }
        if (still.size() == bucket.queued().size()) {
            return bucket;
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(bucket.id())),
                new Update().set("queued", still).set("sent", sent).set("failed", failed).set("blocked", blocked),
                Bucket.class);
        return new Bucket(bucket.id(), bucket.campaignId(), bucket.bucket(), true, bucket.leaseUntil(), bucket.owner(),
                bucket.recipients(), still, sent, failed, blocked, bucket.optedOut());
    }
}
