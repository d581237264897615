package vn.tipline.channel.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import vn.tipline.conversation.Inbound;
import vn.tipline.support.FakeTelegram;
import vn.tipline.support.TelegramUpdates;

import static org.assertj.core.api.Assertions.assertThat;

class UpdateMapperTest {

    private static final long CHAT = 555_000_111L;
    private final UpdateMapper mapper = new UpdateMapper(() -> FakeTelegram.BOT_USERNAME);

    private Inbound inbound(ObjectNode update) {
        TelegramUpdate mapped = mapper.map(update);
        assertThat(mapped).isInstanceOf(TelegramUpdate.Conversation.class);
        return ((TelegramUpdate.Conversation) mapped).inbound();
    }

    @Test
    void commandsAreReadWithOrWithoutTheBotName() {
        assertThat(inbound(TelegramUpdates.text(CHAT, "/status@TiplineTestBot TG-7KQ4-M2PX")))
                .isEqualTo(new Inbound.Command("status", "TG-7KQ4-M2PX"));
        assertThat(inbound(TelegramUpdates.text(CHAT, "/START"))).isEqualTo(new Inbound.Command("start", null));
        assertThat(inbound(TelegramUpdates.text(CHAT, "xin chào"))).isEqualTo(new Inbound.Text("xin chào"));
    }

    @Test
    void theLargestPhotoSizeIsFetched() {
        TelegramUpdate mapped = mapper.map(TelegramUpdates.photo(CHAT, "big", 4000));
        TelegramUpdate.FileRef file = ((TelegramUpdate.Conversation) mapped).file();
        assertThat(file.fileId()).isEqualTo("big");
        assertThat(file.contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void documentsVoiceNotesAudioVideosAndVideoNotesAreFetchedWithTheirDeclaredType() {
        assertThat(file(TelegramUpdates.document(CHAT, "f1", "image/png", "anh.png", 10)))
                .isEqualTo(new TelegramUpdate.FileRef("f1", 10, "image/png"));
        assertThat(file(TelegramUpdates.document(CHAT, "f2", "application/pdf", "x.pdf", 10)))
                .isEqualTo(new TelegramUpdate.FileRef("f2", 10, "application/pdf"));
        assertThat(file(TelegramUpdates.voice(CHAT, "f3", 300))).isEqualTo(new TelegramUpdate.FileRef("f3", 300, "audio/ogg"));
        assertThat(file(TelegramUpdates.audio(CHAT, "f4", "audio/mpeg", 400)))
                .isEqualTo(new TelegramUpdate.FileRef("f4", 400, "audio/mpeg"));
        assertThat(file(TelegramUpdates.video(CHAT, "f5", 500))).isEqualTo(new TelegramUpdate.FileRef("f5", 500, "video/mp4"));
        // A video note says no type: it is always MP4.
        assertThat(file(TelegramUpdates.videoNote(CHAT, "f6", 600))).isEqualTo(new TelegramUpdate.FileRef("f6", 600, "video/mp4"));
    }

    private TelegramUpdate.FileRef file(ObjectNode update) {
        return ((TelegramUpdate.Conversation) mapper.map(update)).file();
    }

    @Test
    void locationsContactsAndPressesAreMapped() {
        assertThat(inbound(TelegramUpdates.location(CHAT, 16.0544, 108.2022))).isEqualTo(new Inbound.Location(16.0544, 108.2022));
        assertThat(inbound(TelegramUpdates.contact(CHAT, "+84901234567")))
                .isEqualTo(new Inbound.Contact("+84901234567", TelegramUpdates.firstName(CHAT) + " Hoa"));
        TelegramUpdate press = mapper.map(TelegramUpdates.callback(CHAT, "main/menu/0"));
        assertThat(((TelegramUpdate.Conversation) press).inbound()).isEqualTo(new Inbound.ButtonPress("main/menu/0"));
        assertThat(((TelegramUpdate.Conversation) press).callbackQueryId()).isNotBlank();
    }

    @Test
    void onlyAPressIsMarkedAnsweredOnReceiptAndTheMarkSurvivesTheJournalsJson() throws Exception {
        ObjectNode press = UpdateMapper.minimal(TelegramUpdates.callback(CHAT, "main/menu/0"));
        String id = press.path("callback_query").path("id").asText();
        assertThat(UpdateMapper.answeredOnReceipt(press)).isFalse();
        assertThat(UpdateMapper.markAnsweredOnReceipt(press)).isEqualTo(id);
        // What a replay reads: the journalled text, parsed again.
        var replayed = new ObjectMapper().readTree(press.toString());
        assertThat(UpdateMapper.answeredOnReceipt(replayed)).isTrue();
        assertThat(((TelegramUpdate.Conversation) mapper.map(replayed)).inbound()).isEqualTo(new Inbound.ButtonPress("main/menu/0"));

        ObjectNode text = UpdateMapper.minimal(TelegramUpdates.text(CHAT, "xin chào"));
        assertThat(UpdateMapper.markAnsweredOnReceipt(text)).isNull();
        assertThat(UpdateMapper.answeredOnReceipt(text)).isFalse();
    }

    @Test
    void editsAndStickersAreUnsupportedButALiveLocationMovingIsIgnored() {
        assertThat(inbound(TelegramUpdates.edited(CHAT, "x"))).isEqualTo(new Inbound.Unsupported("edited"));
        assertThat(inbound(TelegramUpdates.sticker(CHAT))).isEqualTo(new Inbound.Unsupported("sticker"));
        assertThat(mapper.map(TelegramUpdates.liveLocationMoved(CHAT, 1, 2))).isInstanceOf(TelegramUpdate.Ignored.class);
    }

    @Test
    void inAGroupOnlyWhatIsMeantForTheBotIsAnswered() {
        long group = -100_555L;
        assertThat(mapper.map(TelegramUpdates.groupText(group, CHAT, "/start@TiplineTestBot"))).isEqualTo(new TelegramUpdate.Group("-100555"));
        assertThat(mapper.map(TelegramUpdates.groupText(group, CHAT, "/help"))).isEqualTo(new TelegramUpdate.Group("-100555"));
        assertThat(mapper.map(TelegramUpdates.groupText(group, CHAT, "/start@OtherBot"))).isInstanceOf(TelegramUpdate.Ignored.class);
        assertThat(mapper.map(TelegramUpdates.groupText(group, CHAT, "mọi người ơi"))).isInstanceOf(TelegramUpdate.Ignored.class);
        ObjectNode mention = TelegramUpdates.groupText(group, CHAT, "@TiplineTestBot giúp với");
        ((ObjectNode) mention.get("message")).putArray("entities").addObject().put("type", "mention").put("offset", 0).put("length", 15);
        assertThat(mapper.map(mention)).isInstanceOf(TelegramUpdate.Group.class);
    }

    @Test
    void blockingAndUnblockingTheBotAreNoticed() {
        assertThat(mapper.map(TelegramUpdates.membership(CHAT, true))).isEqualTo(new TelegramUpdate.Reachability(String.valueOf(CHAT), true));
        assertThat(mapper.map(TelegramUpdates.membership(CHAT, false))).isEqualTo(new TelegramUpdate.Reachability(String.valueOf(CHAT), false));
    }

    @Test
    void routeKeyIsTheChatSoOneChatStaysInOrder() {
        assertThat(UpdateMapper.routeKey(TelegramUpdates.text(CHAT, "a"))).isEqualTo(String.valueOf(CHAT));
        assertThat(UpdateMapper.routeKey(TelegramUpdates.callback(CHAT, "x"))).isEqualTo(String.valueOf(CHAT));
        assertThat(UpdateMapper.routeKey(TelegramUpdates.edited(CHAT, "x"))).isEqualTo(String.valueOf(CHAT));
    }

    /**
     * The journal keeps an update's minimal form until it is handled: it means exactly what the whole
     * update means, routes the same, and holds no name, user name or language of the sender or the chat.
     */
    @Test
    void theMinimalFormOfAnUpdateMeansTheSameAndHoldsNoNames() {
        long group = -100_777L;
        java.util.List<ObjectNode> updates = java.util.List.of(
                TelegramUpdates.text(CHAT, "/status@TiplineTestBot TG-7KQ4-M2PX"), TelegramUpdates.text(CHAT, "xin chào"),
                TelegramUpdates.location(CHAT, 10.77, 106.70), TelegramUpdates.photo(CHAT, "big", 4000),
                TelegramUpdates.document(CHAT, "f1", "image/png", "ho-chieu-Nguyen-Van-A.png", 10),
                TelegramUpdates.document(CHAT, "f2", "application/pdf", "don.pdf", 10),
                TelegramUpdates.sticker(CHAT), TelegramUpdates.voice(CHAT), TelegramUpdates.edited(CHAT, "sửa"),
                TelegramUpdates.video(CHAT, "v1", 500), TelegramUpdates.videoNote(CHAT, "v2", 600),
                TelegramUpdates.audio(CHAT, "a1", "audio/mpeg", 400),
                TelegramUpdates.liveLocationMoved(CHAT, 10.7, 106.7), TelegramUpdates.callback(CHAT, "p:1"),
                TelegramUpdates.groupText(group, CHAT, "@" + FakeTelegram.BOT_USERNAME + " giúp với"),
                TelegramUpdates.groupText(group, CHAT, "chuyện phiếm"),
                TelegramUpdates.membership(CHAT, true), TelegramUpdates.membership(CHAT, false));
        for (ObjectNode update : updates) {
            update.put("update_id", 42);
            ObjectNode minimal = UpdateMapper.minimal(update);
            assertThat(mapper.map(minimal)).as(update.toString()).isEqualTo(mapper.map(update));
            assertThat(UpdateMapper.routeKey(minimal)).isEqualTo(UpdateMapper.routeKey(update));
            assertThat(minimal.toString()).as(update.toString())
                    .doesNotContain(TelegramUpdates.firstName(CHAT), TelegramUpdates.username(CHAT), "Hoa",
                            "language_code", "ho-chieu", "Hội cư dân", "Nguyen_Van_A", "Nguyen Van A", "Ghi am");
        }
        // A contact card the citizen chose to send is what a named tip keeps: its name stays, the sender's user name not.
        ObjectNode contact = TelegramUpdates.contact(CHAT, "+84901234567");
        ObjectNode minimal = UpdateMapper.minimal(contact);
        assertThat(mapper.map(minimal)).isEqualTo(mapper.map(contact));
        assertThat(minimal.toString()).contains("+84901234567").doesNotContain(TelegramUpdates.username(CHAT), "language_code");
    }
}
