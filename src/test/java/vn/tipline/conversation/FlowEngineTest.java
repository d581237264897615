package vn.tipline.conversation;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Scripts of citizen messages replayed against the real flow files. */
class FlowEngineTest {

    final EngineHarness bot = new EngineHarness();

    private EngineHarness throughToAnonymity() {
        return bot.say("xin chào").press("Báo tin").press("Ma túy")
                .say("Có người bán ma túy ở đầu hẻm mỗi tối").say("Hẻm 42 Lê Lợi, Phường Sài Gòn")
                .press("Hôm qua").press("Bỏ qua");
    }

    @Test
    void anonymousTipWalksEveryStepAndCreatesOnce() {
        throughToAnonymity().press("Gửi ẩn danh");
        assertThat(bot.text()).contains("Ma túy", "Hẻm 42 Lê Lợi", "Hôm qua", "Gửi ẩn danh");
        bot.press("Có, gửi đi");
        assertThat(bot.text()).contains("TG-TEST-1");
        assertThat(bot.created).hasSize(1);
        ActionContext tip = bot.created.get(0);
        assertThat(tip.text("topic")).isEqualTo("drugs");
        assertThat(tip.text("anonymous")).isEqualTo("yes");
        assertThat(tip.text("place")).isEqualTo("Hẻm 42 Lê Lợi, Phường Sài Gòn");
        assertThat(tip.list("evidence")).isEmpty();
        assertThat(tip.runId()).isNotBlank();
        assertThat(bot.state.inFlow()).isFalse();
        assertThat(bot.state.getVariables()).isEmpty();
    }

    @Test
    void anonymityIsExplainedHonestlyBeforeTheChoice() {
        throughToAnonymity();
        assertThat(bot.text()).contains("Công an KHÔNG thấy", "Telegram hoặc Zalo vẫn biết", "trang web");
        bot.say("/lang en");
        assertThat(bot.text()).contains("Do you want to stay anonymous");
    }

    @Test
    void typedAnswersMatchWithoutAccentsOrCase() {
        bot.say("hi").say("TO GIAC");
        assertThat(bot.text()).contains("Tin báo của bạn về việc gì?");
        bot.say("lua dao");
        assertThat(bot.state.getVariables()).containsEntry("topic", "fraud");
        bot.say("Tin nhắn giả danh ngân hàng đòi chuyển tiền").say("online").say("hom qua");
        assertThat(bot.state.getVariables()).containsEntry("when", "Hôm qua").containsEntry("when_value", "yesterday");
        bot.say("bo qua").say("an danh").say("co");
        assertThat(bot.created).hasSize(1);
    }

    @Test
    void aShortRequestInTheCitizensOwnWordsPicksTheOptionItNames() {
        bot.say("hi").say("Tìm công an phường");
        assertThat(bot.state.getFlow()).isEqualTo("police");
        bot.say("/menu").say("cho tôi tra cứu tin");
        assertThat(bot.state.getFlow()).isEqualTo("check");
        bot.say("/menu").say("kiểm tra số điện thoại");
        assertThat(bot.state.getFlow()).as("the longest phrase named wins").isEqualTo("verify");
    }

    @Test
    void aLongerRequestNamingAnOptionAsksWhetherItWasMeantOrIsATip() {
        bot.say("hi").say("Tôi muốn tìm công an phường");
        assertThat(bot.text()).isEqualTo("Bạn muốn làm gì với tin nhắn vừa gõ?");
        assertThat(bot.buttons()).extracting(Button::label).containsExactly("👮 Tìm Công an phường/xã", "📝 Gửi thành tin báo");
        bot.press("Tìm Công an");
        assertThat(bot.state.getFlow()).isEqualTo("police");

        bot.say("/menu").say("Tôi muốn tìm công an phường");
        bot.press("Gửi thành tin báo");
        assertThat(bot.state.getFlow()).isEqualTo("report");
        assertThat(bot.state.getVariables()).containsEntry("description", "Tôi muốn tìm công an phường");
    }

    @Test
    void anAccountThatMentionsAnOptionIsStillATip() {
        String story = "Tối qua tôi đã báo công an phường về nhóm người lạ đập phá xe máy trước cửa nhà tôi";
        bot.say("hi").say(story);
        assertThat(bot.state.getFlow()).isEqualTo("report");
        assertThat(bot.state.getVariables()).containsEntry("description", story);
    }

    @Test
    void oneWordOfAnOptionIsTooLooseToActOn() {
        bot.say("hi").say("báo thức");
        assertThat(bot.text()).contains("Hãy chọn một trong các nút");
        assertThat(bot.state.getFlow()).isEqualTo("main");
    }

    @Test
    void optionNumbersPickOptions() {
        bot.say("hi").say("1").say("5");
        assertThat(bot.state.getVariables()).containsEntry("topic", "fraud");
    }

    @Test
    void theConfirmationsButtonsArePickedByTheirNumbersToo() {
        bot.say("hi").say("1").say("1").say("Có người bán ma túy ở đầu hẻm").say("Hẻm 42").say("hôm qua")
                .say("bỏ qua").say("ẩn danh");
        String confirmation = bot.state.getNode();
        bot.say("3");
        assertThat(bot.text()).contains("Hãy bấm Có hoặc Không.");
        assertThat(bot.state.getNode()).isEqualTo(confirmation);
        bot.say("2");
        assertThat(bot.created).isEmpty();
        assertThat(bot.state.getNode()).isNotEqualTo(confirmation);
    }

    @Test
    void theConfirmationsFirstButtonByNumberFilesTheTip() {
        bot.say("hi").say("1").say("1").say("Có người bán ma túy ở đầu hẻm").say("Hẻm 42").say("hôm qua")
                .say("bỏ qua").say("ẩn danh").say("1");
        assertThat(bot.created).hasSize(1);
    }

    @Test
    void textInsteadOfAButtonAsksAgainWithoutMovingOn() {
        bot.say("hi").press("Báo tin").say("một câu không phải lựa chọn");
        assertThat(bot.text()).contains("Hãy chọn một trong các nút", "Tin báo của bạn về việc gì?");
        assertThat(bot.state.getNode()).isEqualTo("topic");
    }

    @Test
    void tooShortAndTooLongAnswersAreRefusedPolitely() {
        bot.say("hi").press("Báo tin").press("Ma túy").say("ngắn");
        assertThat(bot.text()).contains("ít nhất 10 ký tự");
        bot.say("x".repeat(2001));
        assertThat(bot.text()).contains("2001 ký tự, tối đa 2000");
        assertThat(bot.state.getNode()).isEqualTo("description");
    }

    @Test
    void oversizedMessagesAreCappedAndStateKept() {
        bot.say("hi").press("Báo tin").press("Ma túy").say("y".repeat(5000));
        assertThat(bot.text()).contains("quá dài", "5000", "4000");
        assertThat(bot.state.getNode()).isEqualTo("description");
        assertThat(bot.state.getVariables()).doesNotContainKey("description");
    }

    @Test
    void emptyAndUnsupportedMessagesGetAPoliteReply() {
        bot.say("hi").press("Báo tin");
        bot.say("   ");
        assertThat(bot.text()).contains("chưa nhận được nội dung");
        bot.send(new Inbound.Unsupported("sticker"));
        assertThat(bot.text()).contains("chưa đọc được loại tin nhắn");
        assertThat(bot.state.getNode()).isEqualTo("topic");
    }

    @Test
    void unknownCommandRepeatsTheCurrentQuestion() {
        bot.say("hi").press("Báo tin").say("/xoa_het");
        assertThat(bot.text()).contains("không hiểu lệnh", "Tin báo của bạn về việc gì?");
        assertThat(bot.state.getNode()).isEqualTo("topic");
    }

    @Test
    void commandsWithBotNameWork() {
        bot.say("hi").press("Báo tin").say("/cancel@TiplineBot");
        assertThat(bot.text()).contains("Đã hủy");
        assertThat(bot.state.getFlow()).isEqualTo("main");
    }

    @Test
    void cancelDeletesTheDraft() {
        bot.say("hi").press("Báo tin").press("Ma túy").say("Có người bán ma túy ở đầu hẻm mỗi tối").say("/cancel");
        assertThat(bot.state.getVariables()).doesNotContainKey("description");
        assertThat(bot.created).isEmpty();
    }

    @Test
    void languageSwitchRepeatsTheQuestionInEnglish() {
        bot.say("hi").press("Báo tin").say("/lang");
        assertThat(bot.text()).contains("Switched to English", "What is your tip about?");
        assertThat(bot.buttons()).extracting(Button::label).contains("Drugs");
        bot.say("/lang vi");
        assertThat(bot.text()).contains("Tin báo của bạn về việc gì?");
    }

    @Test
    void statusCommandWithCodeAnswersAtOnce() {
        bot.say("/status TG-2345-6789");
        assertThat(bot.text()).contains("TG-2345-6789", "mới tiếp nhận");
        bot.say("/status TG-9999-9999");
        assertThat(bot.text()).contains("Không tìm thấy");
        bot.say("/status");
        assertThat(bot.text()).contains("Hãy gõ mã tra cứu");
        bot.say("khong biet");
        assertThat(bot.text()).contains("TG-XXXX-XXXX");
    }

    @Test
    void emergencyIsDeflectedFirstAndTheTipFlaggedUrgent() {
        bot.say("CỨU VỚI có người đang bị đánh");
        assertThat(bot.last.get(0).text()).contains("113", "114", "115");
        assertThat(bot.state.isUrgent()).isTrue();
        bot.press("Menu chính").press("Báo tin").press("Trộm cắp").say("cuu voi, dang bi cuop o cho Ben Thanh").say("Chợ Bến Thành")
                .press("Đang diễn ra").press("Bỏ qua").press("Gửi ẩn danh").press("Có, gửi đi");
        assertThat(bot.created.get(0).urgent()).isTrue();
    }

    @Test
    void theEmergencyAnswerIsOneMessageWithTheNumbersAndOnlyAShortOfferToGoOn() {
        bot.say("hi").say("cứu với");
        assertThat(bot.last).hasSize(1);
        assertThat(bot.text()).contains("📞 113", "📞 114", "📞 115").doesNotContain("Hãy chọn một trong các nút", "Bạn muốn làm gì?");
        assertThat(bot.buttons()).extracting(Button::label).containsExactly("🏠 Menu chính");
        // Inside a flow the offer is to go back to the question the citizen was at.
        bot.press("Menu chính").press("Báo tin").say("khẩn cấp");
        assertThat(bot.last).hasSize(1);
        assertThat(bot.buttons()).extracting(Button::label).containsExactly("↩️ Tiếp tục");
        bot.press("Tiếp tục");
        assertThat(bot.text()).contains("Tin báo của bạn về việc gì?");
    }

    @Test
    void aStoryThatSignalsDangerGetsTheNumbersFirstThenMayGoOnAsATip() {
        bot.say("hi").say("Cứu với, có người đang bị đánh trước nhà số 5 Lê Lợi");
        assertThat(bot.last).hasSize(1);
        assertThat(bot.text()).contains("📞 113").doesNotContain("Tin báo của bạn về việc gì?");
        bot.press("gửi thành tin báo");
        assertThat(bot.state.getFlow()).isEqualTo("report");
        assertThat(bot.state.getVariables()).containsEntry("description", "Cứu với, có người đang bị đánh trước nhà số 5 Lê Lợi");
        assertThat(bot.state.isUrgent()).isTrue();
    }

    @Test
    void aStoryTypedAtTheMenuStartsATipWithTheTopicSuggested() {
        bot.say("hi").say("Có người bán ma túy ở hẻm 12 mỗi tối, rất đông người ra vào");
        assertThat(bot.text()).contains("Có phải về «Ma túy»?");
        assertThat(bot.buttons().get(0).label()).isEqualTo("Ma túy");
        bot.press("Ma túy");
        // The description step is passed: the story is the description.
        assertThat(bot.text()).contains("Việc này xảy ra ở đâu?");
        bot.say("Hẻm 12 Lê Lợi").press("Hôm qua").press("Bỏ qua").press("Gửi ẩn danh").press("Có, gửi đi");
        assertThat(bot.created).hasSize(1);
        assertThat(bot.created.get(0).text("topic")).isEqualTo("drugs");
        assertThat(bot.created.get(0).text("description")).isEqualTo("Có người bán ma túy ở hẻm 12 mỗi tối, rất đông người ra vào");
    }

    @Test
    void aStoryWithNoKnownTopicIsKeptAndTheCitizenPicksOneInEnglishToo() {
        bot.say("/lang en").say("Someone keeps parking a van full of boxes behind the school at night");
        assertThat(bot.text()).contains("What is it about?").doesNotContain("Is it about");
        assertThat(bot.buttons().get(0).label()).isEqualTo("Drugs");
        bot.say("lừa đảo");
        assertThat(bot.state.getVariables()).containsEntry("topic", "fraud");
        assertThat(bot.text()).contains("Where did it happen?");
    }

    @Test
    void aShortUnknownAnswerAtTheMenuStillAsksForAButton() {
        bot.say("hi").say("xin chào bạn");
        assertThat(bot.text()).contains("Hãy chọn một trong các nút");
        assertThat(bot.state.getFlow()).isEqualTo("main");
    }

    @Test
    void aSecondTapOnSendSaysTheTipWasSentWithItsCode() {
        throughToAnonymity().press("Gửi ẩn danh");
        String yes = bot.buttons().get(0).payload();
        bot.press("Có, gửi đi");
        bot.send(new Inbound.ButtonPress(yes));
        assertThat(bot.text()).contains("đã được gửi rồi", "TG-TEST-1").doesNotContain("Bạn muốn làm gì?");
        assertThat(bot.created).hasSize(1);
    }

    @Test
    void theReceiptOffersAStatusButtonInsteadOfACommand() {
        throughToAnonymity().press("Gửi ẩn danh").press("Có, gửi đi");
        assertThat(bot.text()).contains("TG-TEST-1").doesNotContain("/status", "/cancel", "/reply");
        assertThat(bot.buttons()).extracting(Button::payload).contains("/status TG-TEST-1");
        bot.press("Xem tình trạng");
        // The status flow looked the code up (this harness's lookup knows only TG-2345-6789).
        assertThat(bot.text()).contains("Không tìm thấy");
    }

    @Test
    void choicesCarryTheTextForFurtherButtonsInTheCitizensLanguage() {
        bot.say("hi").press("Báo tin");
        assertThat(((Outbound.Choice) bot.last.get(bot.last.size() - 1)).more()).isEqualTo("Lựa chọn khác:");
    }

    @Test
    void emergencyWordsInsideOtherWordsDoNotTrigger() {
        bot.say("Tôi làm nghiên cứu về an toàn cháy nổ");
        assertThat(bot.text()).doesNotContain("📞 113");
        assertThat(bot.state.isUrgent()).isFalse();
    }

    @Test
    void staleButtonsFromAnEarlierQuestionAreRefused() {
        bot.say("hi").press("Báo tin");
        List<Button> topics = bot.buttons();
        bot.send(new Inbound.ButtonPress(topics.get(0).payload()));
        bot.send(new Inbound.ButtonPress(topics.get(1).payload()));
        assertThat(bot.text()).contains("Menu này đã cũ", "Hãy kể lại");
        assertThat(bot.state.getVariables()).containsEntry("topic", "drugs");
    }

    @Test
    void idleConversationExpiresWithANoticeAndForgetsTheDraft() {
        bot.say("hi").press("Báo tin").press("Ma túy").say("Có người bán ma túy ở đầu hẻm mỗi tối");
        bot.clock.advance(Duration.ofMinutes(31));
        bot.say("Hẻm 42");
        assertThat(bot.text()).contains("đã hết hạn", "Bạn muốn làm gì?");
        assertThat(bot.state.getVariables()).doesNotContainKey("description");
    }

    @Test
    void photosAreCollectedUpToTheLimit() {
        bot.say("hi").press("Báo tin").press("Ma túy").say("Có người bán ma túy ở đầu hẻm mỗi tối")
                .send(new Inbound.Location(10.77, 106.70)).press("Hôm nay");
        byte[] photo = "jpeg".getBytes(StandardCharsets.UTF_8);
        bot.send(new Inbound.Media(photo, "image/jpeg"));
        assertThat(bot.text()).contains("1/5");
        assertThat(bot.buttons()).extracting(Button::label).containsExactly("Xong");
        bot.send(new Inbound.Media(new byte[0], "image/jpeg"));
        assertThat(bot.text()).contains("Mình nhận ảnh", "ghi âm", "video", "PDF");
        for (int i = 0; i < 4; i++) {
            bot.send(new Inbound.Media(photo, "image/jpeg"));
        }
        assertThat(bot.state.getNode()).isEqualTo("anonymity");
        assertThat(bot.state.getVariables().get("evidence")).asList().hasSize(5);
        assertThat(bot.state.getVariables()).containsEntry("place_lat", 10.77);
    }

    @Test
    void aFileThatCouldNotBeCleanedIsSaidSoBeforeTheTipIsConfirmed() {
        bot.say("hi").press("Báo tin").press("Ma túy").say("Có người bán ma túy ở đầu hẻm mỗi tối")
                .send(new Inbound.Location(10.77, 106.70)).press("Hôm nay");
        bot.send(new Inbound.Media("mp4".getBytes(StandardCharsets.UTF_8), "video/mp4"));
        assertThat(bot.text()).contains("không xóa được thông tin ẩn", "1/5");
        bot.send(new Inbound.Media("ogg".getBytes(StandardCharsets.UTF_8), "audio/ogg"));
        assertThat(bot.text()).doesNotContain("không xóa được").contains("2/5");
    }

    @Test
    void aRefusedFileGetsTheStoresOwnTextWithItsLimit() {
        EngineHarness refusing = new EngineHarness((media, held) -> {
            throw new EvidenceStore.UnsupportedEvidenceException("media_too_large", Map.of("limit", "20 MB"), "video");
        });
        refusing.say("hi").press("Báo tin").press("Ma túy").say("Có người bán ma túy ở đầu hẻm mỗi tối")
                .send(new Inbound.Location(10.77, 106.70)).press("Hôm nay");
        refusing.send(new Inbound.Media(new byte[]{1}, "video/mp4"));
        assertThat(refusing.text()).contains("lớn hơn 20 MB");
        assertThat(refusing.state.getNode()).isEqualTo("evidence");
    }

    @Test
    void aReporterOverTheTipLimitIsToldPolitelyAtTheStart() {
        bot.quotaLeft = 0;
        bot.say("hi").press("Báo tin");
        assertThat(bot.text()).contains("nhiều tin báo", "113");
        assertThat(bot.state.inFlow()).isFalse();
    }

    @Test
    void theLimitIsCheckedAgainWhenFiling() {
        throughToAnonymity().press("Gửi ẩn danh");
        bot.quotaLeft = 0;
        bot.press("Có, gửi đi");
        assertThat(bot.text()).contains("nhiều tin báo");
        assertThat(bot.created).isEmpty();
    }

    @Test
    void namedTipAsksForContactAndKeepsIt() {
        throughToAnonymity().press("Để lại liên lạc").send(new Inbound.Contact("+84901234567", "Lan"));
        assertThat(bot.text()).contains("Lan +84901234567");
        bot.press("Có, gửi đi");
        assertThat(bot.created.get(0).text("contact")).isEqualTo("Lan +84901234567");
        assertThat(bot.created.get(0).text("anonymous")).isEqualTo("no");
    }

    @Test
    void aFailingActionKeepsTheAnswersAndApologises() {
        FlowAction failing = new FlowAction() {
            public String name() {
                return "tip.create";
            }

            public java.util.Set<String> outcomes() {
                return java.util.Set.of("limited");
            }

            public Result run(ActionContext context) {
                throw new IllegalStateException("store down");
            }
        };
        EngineHarness broken = new EngineHarness();
        // Rebuild with a failing create action in place of the recording one.
        List<FlowAction> actions = new java.util.ArrayList<>(List.of(failing, statusStub(), quotaStub()));
        actions.addAll(EngineHarness.stubsForOtherActions(actions));
        FlowCatalog catalog = new FlowValidator(actions).load(EngineHarness.sources());
        FlowEngine engine = new FlowEngine(catalog, actions, (m, held) -> new EvidenceStore.Saved("ev", true),
                new EngineSettings(4000, Duration.ofMinutes(30)), broken.clock);
        ConversationState state = new ConversationState("k", "test", "vi");
        for (String text : List.of("hi", "1", "1", "Có người bán ma túy ở đầu hẻm", "Hẻm 42", "hôm qua", "bỏ qua", "ẩn danh")) {
            engine.handle(state, new Inbound.Text(text));
        }
        List<Outbound> out = engine.handle(state, new Inbound.Text("có"));
        assertThat(out.get(0).text()).contains("sự cố");
        assertThat(state.getNode()).isEqualTo("confirm_anonymous");
        assertThat(state.getVariables()).containsEntry("description", "Có người bán ma túy ở đầu hẻm");
    }

    private static FlowAction quotaStub() {
        return new FlowAction() {
            public String name() {
                return "tip.quota";
            }

            public java.util.Set<String> outcomes() {
                return java.util.Set.of("limited");
            }

            public Result run(ActionContext context) {
                return Result.ok(java.util.Map.of());
            }
        };
    }

    private static FlowAction statusStub() {
        return new FlowAction() {
            public String name() {
                return "tip.status";
            }

            public java.util.Set<String> outcomes() {
                return java.util.Set.of("not_found", "malformed");
            }

            public Result run(ActionContext context) {
                return Result.of("not_found");
            }
        };
    }
}
