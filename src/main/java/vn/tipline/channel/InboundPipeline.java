package vn.tipline.channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import vn.tipline.outbox.Outbox;
import vn.tipline.outbox.OutboxMessage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * The one receive path of every platform channel: an event is recorded in the journal (already
 * claimed by this instance) before the platform is acknowledged, handed to its chat's worker with its
 * JSON in hand, handled by the channel's {@link InboundHandler}, its replies sent (or queued) through
 * the outbox, and deleted from the journal. Per handled event that is: record, seen id, the
 * conversation's read and write, the outbox's claim and release of the chat, delete — plus what the
 * step itself does (a tip filed).
 * <p>
 * Events this instance did not receive, or could not finish (a failure, a crash, an instance that
 * stopped), are found by {@link #resume} once their claim has lapsed, claimed, and handled the same
 * way, except that their replies are queued (deduplicated by key) rather than sent at once: they may
 * have been sent before the crash. Failures back off exponentially; after {@link Settings#maxAttempts}
 * an event is given up (logged by id), so it cannot block its chat for ever. During a burst of arrivals
 * only as many workers handle at once as there are cores ({@link HandlingLimit}): the webhook keeps the
 * cores to acknowledge, and the backlog is handled at full width after.
 * <p>
 * Guarantees (README): nothing acknowledged is lost (recorded before the 200); each event is handled
 * once (one worker per chat here, the journal's claim across instances, the seen ids against late
 * redeliveries, the conversation's answered keys against a replay after the engine ran); a reply is
 * sent once, except when a crash falls between the platform accepting it and the journal entry's
 * delete: then the replies of that one event are sent again. A store that fails there while the
 * process lives on is not such a window: the replies already sent are remembered here
 * ({@link #handedOverBefore}) and the retry queues only the others.
 */
public final class InboundPipeline implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboundPipeline.class);
    /** A claim taken at record time is trusted only while this much of it is left, against clock skew. */
    private static final Duration CLAIM_MARGIN = Duration.ofSeconds(10);
    /** Bound on {@link #handedOverBefore}: an outage busy enough to pass it leaves the rest to the replay's window. */
    private static final int MAX_HANDED_OVER = 10_000;

    /**
     * @param workers        threads handling events (one chat always on the same one)
     * @param resumeInterval how often unfinished events are looked for
     * @param keepSeen       how long handled ids are remembered (longer than the platform redelivers)
     * @param maxAttempts    failed attempts after which an event is given up
     */
    public record Settings(int workers, Duration resumeInterval, Duration keepSeen, int maxAttempts) {
    }

    private final String channel;
    private final InboundJournal journal;
    private final InboundHandler handler;
    private final Outbox outbox;
    private final Settings settings;
    private final Clock clock;
    private final TaskScheduler scheduler;
    private final ChatWorkers workers;
    private final HandlingLimit limit;
    private final String owner;
    private final List<ScheduledFuture<?>> schedules = new ArrayList<>();
    /**
     * Events whose handling failed after some of their replies had been handed to the outbox (the store
     * failed after a send, or the journal could not be closed), with how many, in order, had: sent,
     * refused, or queued under their keys. Their retry in this process queues only the rest. Only such
     * events are kept: a handful during an outage.
     */
    private final Map<Object, Integer> handedOverBefore = new ConcurrentHashMap<>();

    public InboundPipeline(String channel, InboundJournal journal, InboundHandler handler, Outbox outbox,
                           Settings settings, Clock clock, TaskScheduler scheduler) {
        this.channel = channel;
        this.journal = journal;
        this.handler = handler;
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        this.workers = new ChatWorkers(channel + "-inbound", settings.workers());
        this.limit = HandlingLimit.forWorkers(settings.workers());
        this.owner = channel + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Records an event and hands it to its chat's worker; false if it is a redelivery of one recorded
     * already. Throws when the store cannot record it: the platform must then deliver it again.
     */
    public boolean accept(Object eventId, String raw, String route) {
        Instant received = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long reception = InboundJournal.newReception();
        limit.arrived();
        if (!journal.record(eventId, raw, owner, received, reception)) {
            return false;
        }
        Instant trustUntil = received.plus(journal.lease()).minus(CLAIM_MARGIN);
        workers.submit(eventId, route, () -> run(eventId, () -> {
            if (clock.instant().isBefore(trustUntil)) {
                handle(new InboundJournal.Claimed(eventId, InboundJournal.PENDING, raw, null, List.of(), 0, reception,
                        owner), true);
            } else {
                // Waited near or past the end of its claim (a long backlog): claimed again first, as another
                // instance may have taken it up since. Still this reception's first handling if nobody did.
                InboundJournal.Claimed claimed = journal.claim(eventId, owner);
                if (claimed != null) {
                    handle(claimed, owner.equals(claimed.previousOwner()) && claimed.attempts() == 0
                            && claimed.reception() == reception);
                }
            }
        }));
        return true;
    }

    private void submitClaim(Object eventId, String route) {
        workers.submit(eventId, route, () -> run(eventId, () -> claimAndHandle(eventId)));
    }

    private void run(Object eventId, Runnable step) {
        limit.acquire();
        try {
            step.run();
        } catch (RuntimeException e) {
            // The store failed outside the handling itself: the event stays recorded and is resumed later.
            log.warn("{} event {} not handled now ({}); resumed later", channel, eventId, e.getClass().getSimpleName());
        } finally {
            limit.release();
        }
    }

    private void claimAndHandle(Object eventId) {
        InboundJournal.Claimed claimed = journal.claim(eventId, owner);
        if (claimed != null) {
            handle(claimed, false);
        }
    }

    /** {@code first}: received here and never handled before, so its replies cannot have gone out yet. */
    private void handle(InboundJournal.Claimed entry, boolean first) {
        Object id = entry.id();
        int handedOver = 0;
        try {
            if (InboundJournal.HANDLED.equals(entry.status())) {
                // Written by an earlier version once the engine had run: its replies are queued as they are.
                journal.markSeen(id, entry.reception());
                outbox.enqueue(channel, entry.chatId(), entry.replies());
            } else if (journal.markSeen(id, entry.reception())) {
                InboundHandler.Handled handled = handler.handle(id, entry.raw());
                if (handled.hasReplies()) {
                    List<OutboxMessage> replies = handled.replies();
                    if (first) {
                        try {
                            outbox.sendOrQueue(channel, handled.chatId(), replies);
                            // Each sent, refused, or queued under its key (which a replay's queueing finds).
                            handedOver = replies.size();
                        } catch (Outbox.SentBeforeFailure partly) {
                            handedOver = partly.done();
                            throw partly;
                        }
                    } else {
                        int before = Math.min(handedOverBefore.getOrDefault(id, 0), replies.size());
                        outbox.enqueue(channel, handled.chatId(), replies.subList(before, replies.size()));
                    }
                }
            } else {
                log.debug("{} event {} delivered again after it was handled; dropped", channel, id);
                journal.finish(id, InboundJournal.DUPLICATE);
                handedOverBefore.remove(id);
                return;
            }
            journal.finish(id, InboundJournal.DONE);
            handedOverBefore.remove(id);
        } catch (Exception thrown) {
            Throwable e = thrown instanceof Outbox.SentBeforeFailure partly ? partly.getCause() : thrown;
            if (handedOver > 0 && handedOverBefore.size() < MAX_HANDED_OVER) {
                handedOverBefore.merge(id, handedOver, Math::max);
            }
            int attempts = entry.attempts() + 1;
            if (attempts >= settings.maxAttempts()) {
                log.error("{} event {} given up after {} attempts ({})", channel, id, attempts, e.getClass().getSimpleName());
                handedOverBefore.remove(id);
                journal.finish(id, InboundJournal.FAILED);
            } else {
                Duration delay = Duration.ofSeconds(Math.min(600, 1L << Math.min(attempts, 10)));
                log.warn("{} event {} failed ({}), attempt {}; retried in {} s", channel, id,
                        e.getClass().getSimpleName(), attempts, delay.toSeconds());
                journal.retryLater(id, owner, delay);
            }
        }
    }

    /** Events recorded but not finished, whose claim has lapsed: claimed and handled now. */
    public void resume() {
        if (!workers.running()) {
            return;
        }
        try {
            for (InboundJournal.Claimed due : journal.due(500)) {
                String route = due.chatId();
                if (route == null) {
                    try {
                        route = handler.route(due.raw() == null ? "{}" : due.raw());
                    } catch (Exception unreadable) {
                        route = "0";
                    }
                }
                submitClaim(due.id(), route);
            }
        } catch (RuntimeException e) {
            log.warn("{}: could not look for unhandled events ({})", channel, e.getClass().getSimpleName());
        }
    }

    void prune() {
        try {
            long removed = journal.prune(Duration.ofMinutes(10), settings.keepSeen());
            if (removed > 0) {
                log.debug("{}: pruned {} handled event id(s)", channel, removed);
            }
        } catch (RuntimeException e) {
            log.warn("{}: could not prune handled event ids ({})", channel, e.getClass().getSimpleName());
        }
    }

    @Override
    public void start() {
        workers.start();
        resume();
        Instant now = clock.instant();
        schedules.add(scheduler.scheduleWithFixedDelay(this::resume, now.plus(settings.resumeInterval()),
                settings.resumeInterval()));
        schedules.add(scheduler.scheduleWithFixedDelay(this::prune, now.plus(Duration.ofMinutes(1)),
                Duration.ofMinutes(10)));
    }

    @Override
    public void stop() {
        schedules.forEach(s -> s.cancel(false));
        schedules.clear();
        workers.stop();
    }

    @Override
    public boolean isRunning() {
        return workers.running();
    }

    /** Starts before the web server (which stops first), so events recorded earlier are resumed first. */
    @Override
    public int getPhase() {
        return 0;
    }
}
