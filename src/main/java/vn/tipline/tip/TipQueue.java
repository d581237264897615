package vn.tipline.tip;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import vn.tipline.account.AccountService;
import vn.tipline.account.Officer;
import vn.tipline.account.UnreadAnswers;
import vn.tipline.conversation.Folding;
import vn.tipline.system.PageOf;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the tips an officer may see. Search runs on the stored accent-stripped {@code searchText}
 * with unanchored regular expressions, one per word (metacharacters escaped): the embedded store has neither $text nor
 * collation, and the same query is valid on a real MongoDB (where it is a scan too; fine at a
 * tip line's volume, and the place for a text index if that ever changes).
 */
@Service
class TipQueue implements UnreadAnswers {

    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    static final int MAX_PAGE_SIZE = 100;
    private static final int MAX_WORDS = 10;

    private final MongoTemplate mongo;
    private final TipService tips;

    TipQueue(MongoTemplate mongo, TipService tips) {
        this.mongo = mongo;
        this.tips = tips;
    }

    PageOf<Tip> list(Officer officer, TipFilter filter, int page, int size) {
        Query query = query(officer, filter);
        long total = mongo.count(query, Tip.class);
        query.with(sort(filter.sort())).skip((long) page * size).limit(size);
        return new PageOf<>(mongo.find(query, Tip.class), page, size, total);
    }

    Stream<Tip> stream(Officer officer, TipFilter filter) {
        return mongo.stream(query(officer, filter).with(sort(filter.sort())), Tip.class);
    }

    long count(Officer officer, TipFilter filter) {
        return mongo.count(query(officer, filter), Tip.class);
    }

    /** The tip, if it exists and the officer may see it; otherwise 404, whichever it was. */
    Tip get(Officer officer, String id) {
        Tip tip = id == null ? null : mongo.findById(id, Tip.class);
        if (tip == null || !tip.visibleTo(officer)) {
            throw new TipNotFound();
        }
        return tip;
    }

    Optional<Tip> byCode(Officer officer, String code) {
        return tips.findByCode(code).filter(tip -> tip.visibleTo(officer));
    }

    /** Tips marked as duplicates of this one, among those the officer may see. */
    List<Tip> duplicatesOf(Officer officer, Tip tip) {
        List<Criteria> all = new ArrayList<>();
        all.add(Criteria.where("duplicateOf").is(tip.getCode()));
        Criteria scope = officer.scope();
        if (scope != null) {
            all.add(scope);
        }
        return mongo.find(Query.query(new Criteria().andOperator(all)).with(Sort.by("createdAt")).limit(50), Tip.class);
    }

    /** Opening the tip clears the "new answers" flag for its assignee (or anyone, while unassigned). */
    void markAnswersRead(Officer officer, Tip tip) {
        if (tip.getUnreadAnswers() > 0 && (tip.getAssignee() == null || tip.getAssignee().equals(officer.username()))) {
            // No version increment: a read flag is not an edit, and must not make another officer's edit conflict.
            mongo.updateFirst(Query.query(Criteria.where("_id").is(tip.getId())), new Update().set("unreadAnswers", 0),
                    Tip.class);
        }
    }

    /** How many of the officer's assigned tips have answers they have not read. */
    @Override
    public long unreadAnswers(Officer officer) {
        return mongo.count(Query.query(Criteria.where("assignee").is(officer.username()).and("unreadAnswers").gt(0)),
                Tip.class);
    }

    Query query(Officer officer, TipFilter filter) {
        List<Criteria> all = new ArrayList<>();
        Criteria scope = officer.scope();
        if (scope != null) {
            all.add(scope);
        }
        if (!filter.status().isEmpty()) {
            all.add(Criteria.where("status").in(filter.status()));
        }
        if (!filter.topic().isEmpty()) {
            all.add(Criteria.where("topic").in(filter.topic()));
        }
        if (filter.from() != null) {
            all.add(Criteria.where("createdAt").gte(startOf(filter.from())));
        }
        if (filter.to() != null) {
            all.add(Criteria.where("createdAt").lt(startOf(filter.to().plusDays(1))));
        }
        if (filter.urgent() != null) {
            all.add(Criteria.where("urgent").is(filter.urgent()));
        }
        if (filter.hasAttachments() != null) {
            all.add(filter.hasAttachments() ? Criteria.where("attachments.0").exists(true)
                    : Criteria.where("attachments.0").exists(false));
        }
        if (filter.unit() != null && !filter.unit().isBlank()) {
            all.add(Criteria.where("unit").is(filter.unit().strip()));
        }
        if (filter.assignee() != null && !filter.assignee().isBlank()) {
            String who = filter.assignee().strip();
            all.add(Criteria.where("assignee").is("me".equals(who) ? officer.username() : AccountService.normalize(who)));
        }
        if (filter.q() != null && !filter.q().isBlank()) {
            all.add(search(filter.q()));
        }
        return all.isEmpty() ? new Query() : Query.query(new Criteria().andOperator(all));
    }

    private Criteria search(String q) {
        String typed = q.length() > TipFilter.MAX_QUERY ? q.substring(0, TipFilter.MAX_QUERY) : q;
        List<Criteria> words = Arrays.stream(Folding.fold(typed).split(" ")).filter(w -> !w.isEmpty()).distinct()
                .limit(MAX_WORDS).map(w -> Criteria.where("searchText").regex(escape(w))).toList();
        Criteria text = words.isEmpty() ? Criteria.where("_id").exists(true) : new Criteria().andOperator(words);
        Optional<Tip> byCode = TipService.isWellFormedCode(typed) ? tips.findByCode(typed) : Optional.empty();
        return byCode.map(tip -> new Criteria().orOperator(Criteria.where("_id").is(tip.getId()), text)).orElse(text);
    }

    /** Regular-expression metacharacters escaped one by one: \Q..\E is not read the same everywhere. */
    static String escape(String word) {
        StringBuilder sb = new StringBuilder();
        for (char c : word.toCharArray()) {
            if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    static java.time.Instant startOf(LocalDate day) {
        return day.atStartOfDay(VIETNAM).toInstant();
    }

    private static Sort sort(TipFilter.Sort sort) {
        return switch (sort) {
            case URGENT_OLDEST -> Sort.by(Sort.Order.desc("urgent"), Sort.Order.asc("createdAt"), Sort.Order.asc("_id"));
            case NEWEST -> Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("_id"));
            case OLDEST -> Sort.by(Sort.Order.asc("createdAt"), Sort.Order.asc("_id"));
            case DUE_SOONEST -> Sort.by(Sort.Order.asc("dueAt"), Sort.Order.desc("urgent"), Sort.Order.asc("_id"));
        };
    }
}
