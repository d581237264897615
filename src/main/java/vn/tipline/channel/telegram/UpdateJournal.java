package vn.tipline.channel.telegram;

import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.channel.InboundJournal;
import vn.tipline.channel.InboundMetrics;

import java.time.Clock;
import java.time.Duration;

/** The journal of Telegram updates, by {@code update_id}. */
class UpdateJournal extends InboundJournal {

    static final String UPDATES = "telegram_updates";
    static final String SEEN = "telegram_updates_seen";

    UpdateJournal(MongoTemplate mongo, Clock clock, Duration lease, InboundMetrics metrics) {
        super(mongo, clock, lease, UPDATES, SEEN, TelegramChannel.NAME, metrics);
    }
}
