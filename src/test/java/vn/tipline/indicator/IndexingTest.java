package vn.tipline.indicator;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Query;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.WebChatClient;
import vn.tipline.tip.Tip;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** What gets indexed: a filed tip, a reporter's answer to a follow-up, and once, the tips filed before the feature. */
class IndexingTest extends OfficerTestBase {

    @Autowired
    TipIndexer indexer;

    private IndicatorRecord phone(String phone) {
        return mongo.findById(IndicatorStore.idOf(new Indicator(IndicatorType.PHONE, IndicatorsForTests.e164(phone), null)),
                IndicatorRecord.class);
    }

    @Test
    void aReportersAnswerToAFollowUpIsIndexed() {
        String unit = fx.unit("a");
        WebChatClient reporter = WebChatClient.open(port);
        String code = reporter.fileAnonymousTip("Có người lạ gọi điện đòi tiền, tôi không nhớ số", "Hẻm 12 Lê Lợi");
        Tip tip = fx.route(tipService.findByCode(code).orElseThrow(), unit, null);
        as(fx.officer(unit)).post("/api/admin/tips/" + tip.getId() + "/questions", Map.of("text", "Số điện thoại gọi đến là gì?"));
        String phone = IndicatorsForTests.newPhone();
        reporter.inbox().pressPayload("/reply " + tip.getCode()).say("Số gọi đến là " + phone + ", họ xưng là công an");
        assertThat(reporter.lastText()).contains("Đã gửi câu trả lời");

        IndicatorRecord indicator = phone(phone);
        assertThat(indicator).isNotNull();
        assertThat(indicator.tips()).extracting(IndicatorRecord.TipRef::id).containsExactly(tip.getId());
    }

    @Test
    void tipsFiledBeforeTheFeatureAreIndexedOnceEvenByTwoInstancesStartingTogether() throws Exception {
        String phone = IndicatorsForTests.newPhone();
        ObjectId earlier = insertRawTip("Năm ngoái số " + phone + " lừa tôi mua hàng online.");
        mongo.remove(new Query(), TipIndexer.META);

        CompletableFuture<Void> one = CompletableFuture.runAsync(indexer::indexEarlierTipsOnce);
        CompletableFuture<Void> two = CompletableFuture.runAsync(indexer::indexEarlierTipsOnce);
        CompletableFuture.allOf(one, two).get();

        assertThat(phone(phone).tips()).extracting(IndicatorRecord.TipRef::id).containsExactly(earlier.toHexString());
        assertThat(mongo.findById(TipIndexer.BACKFILL, Document.class, TipIndexer.META).getString("state")).isEqualTo("done");

        // Done is done: a later start does not read every tip again.
        String later = IndicatorsForTests.newPhone();
        insertRawTip("Số " + later + " gọi lừa đảo.");
        indexer.indexEarlierTipsOnce();
        assertThat(phone(later)).isNull();
    }

    /** A tip as an earlier version stored it, without the event this feature listens to. */
    private ObjectId insertRawTip(String description) {
        ObjectId id = new ObjectId();
        String code = "TG-" + UUID.randomUUID().toString().substring(0, 4).toUpperCase() + "-RAWT";
        mongo.getCollection("tips").insertOne(new Document("_id", id).append("code", code)
                .append("submissionKey", UUID.randomUUID().toString()).append("topic", "FRAUD")
                .append("description", description).append("status", "NEW").append("attachments", List.of())
                .append("createdAt", new Date()).append("unit", fx.unit("old")).append("version", 0L));
        return id;
    }
}
