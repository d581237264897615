package vn.tipline.indicator;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.beans.factory.annotation.Autowired;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.WebChatClient;
import vn.tipline.tip.Tip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A citizen checks a number through the web chat's menu: only confirmed indicators answer, a
 * number only reported (however often) is "not found", and checks are counted and limited.
 */
class CitizenCheckThroughWebChatTest extends OfficerTestBase {

    @Autowired
    CheckCounts counts;
    @Autowired
    ReferenceList list;

    private static WebChatClient check(WebChatClient citizen, String typed) {
        return citizen.say("/menu").press("Kiểm tra số điện thoại").say(typed);
    }

    @Test
    void aConfirmedNumberIsAnsweredWithItsReportsAndWhatToDo() {
        String phone = IndicatorsForTests.newPhone();
        String id = IndicatorsForTests.confirmedPhone(mongo, IndicatorsForTests.e164(phone), 3);

        WebChatClient citizen = check(WebChatClient.open(port), phone.replace(" ", "."));
        assertThat(citizen.lastText()).contains("đã xác minh", "3 tin báo", IndicatorsForTests.e164(phone),
                "Đừng chuyển tiền", "113");
        counts.flush();
        assertThat(IndicatorsForTests.checks(mongo, id)).isEqualTo(1);
    }

    @Test
    void aNumberOnTheReferenceListIsAnsweredUnlessAnOfficerClearedIt(@TempDir Path dir) throws IOException {
        String listed = IndicatorsForTests.newPhone();
        String cleared = IndicatorsForTests.newPhone();
        list.open(Files.writeString(dir.resolve("ntrust.csv"), "PHONE," + listed + ",40\nPHONE," + cleared + ",9\n"));
        String clearedId = IndicatorsForTests.confirmedPhone(mongo, IndicatorsForTests.e164(cleared), 1);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(clearedId)),
                new Update().set("status", IndicatorRecord.Status.CLEARED), IndicatorRecord.class);

        assertThat(check(WebChatClient.open(port), listed).lastText())
                .contains("đã xác minh", "40 tin báo", IndicatorsForTests.e164(listed), "Đừng chuyển tiền");
        assertThat(check(WebChatClient.open(port), cleared).lastText()).contains("KHÔNG có nghĩa là an toàn");
        // Counted on the listed indicator, which has no document of its own among the indicators.
        counts.flush();
        String listedId = IndicatorStore.idOf(new Indicator(IndicatorType.PHONE, IndicatorsForTests.e164(listed), null));
        assertThat(mongo.findById(listedId, IndicatorRecord.class)).isNull();
        assertThat(mongo.findById(listedId, Document.class, IndicatorStore.LISTED_CHECKS).get("checks", Number.class).longValue())
                .isEqualTo(1);
        assertThat(IndicatorsForTests.checks(mongo, clearedId)).isZero();
    }

    @Test
    void aNumberOnlyReportedIsNotFoundAndNotFoundProvesNothing() {
        String phone = IndicatorsForTests.newPhone();
        Tip reported = fx.tip(fx.unit("a"), null, "Số " + phone + " gọi lừa đảo, tôi chắc chắn.");
        fx.tip(fx.unit("b"), null, "Lại số " + phone + " gọi lừa.");

        WebChatClient citizen = check(WebChatClient.open(port), phone);
        assertThat(citizen.lastText()).contains("KHÔNG có nghĩa là an toàn").doesNotContain("đã xác minh những");
        // Not found leaves no trace: no check counted on a reported indicator.
        String id = IndicatorStore.idOf(new Indicator(IndicatorType.PHONE, IndicatorsForTests.e164(phone), null));
        counts.flush();
        assertThat(IndicatorsForTests.checks(mongo, id)).isZero();
        assertThat(reported.getCode()).isNotBlank();

        citizen.press("Có");
        assertThat(citizen.lastText()).contains("Tin báo của bạn về việc gì?");
    }

    @Test
    void textWithNothingCheckableAsksAgain() {
        WebChatClient citizen = check(WebChatClient.open(port), "xin chào công an");
        assertThat(citizen.lastText()).contains("không nhận ra", "Hãy gõ số điện thoại");
    }

    @Test
    void checksAreLimitedPerConversation() {
        WebChatClient citizen = check(WebChatClient.open(port), IndicatorsForTests.newPhone());
        assertThat(citizen.lastText()).contains("KHÔNG có nghĩa là an toàn");
        // Each try counts, recognised or not: the check is no oracle to try number after number.
        citizen.press("Không").say("/menu").press("Kiểm tra số điện thoại");
        for (int i = 1; i < CheckLimits.LIMIT; i++) {
            citizen.say("thử " + i);
            assertThat(citizen.lastText()).contains("không nhận ra");
        }
        citizen.say(IndicatorsForTests.newPhone());
        assertThat(citizen.lastText()).contains("kiểm tra nhiều lần");
        // Another conversation is not held back by this one.
        assertThat(check(WebChatClient.open(port), IndicatorsForTests.newPhone()).lastText()).contains("KHÔNG có nghĩa là an toàn");
    }
}
