package vn.tipline.indicator;

import org.junit.jupiter.api.Test;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.WebChatClient;
import vn.tipline.tip.Tip;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A citizen checks a number through the web chat's menu: only confirmed indicators answer, a
 * number only reported (however often) is "not found", and checks are counted and limited.
 */
class CitizenCheckThroughWebChatTest extends OfficerTestBase {

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
        assertThat(IndicatorsForTests.checks(mongo, id)).isEqualTo(1);
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
