package vn.tipline.channel.zalo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import vn.tipline.conversation.Inbound;

import static org.assertj.core.api.Assertions.assertThat;

/** Real-shaped Zalo webhook events (ids and timestamps as strings) read as channel-neutral messages. */
class ZaloEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode event(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void textAndHiddenButtonPayloads() throws Exception {
        ZaloEvents.Meaning text = ZaloEvents.read(event("""
                {"app_id":"1","user_id_by_app":"55","event_name":"user_send_text","sender":{"id":"u1"},
                 "recipient":{"id":"oa"},"message":{"msg_id":"m1","text":"Tố giác"},"timestamp":"1764057600000"}"""), url -> null);
        assertThat(text).isEqualTo(new ZaloEvents.Message("u1", new Inbound.Text("Tố giác")));
        ZaloEvents.Meaning button = ZaloEvents.read(event("""
                {"app_id":"1","event_name":"user_send_text","sender":{"id":"u1"},"recipient":{"id":"oa"},
                 "message":{"msg_id":"m2","text":"#q:report/topic/0"},"timestamp":"1764057600001"}"""), url -> null);
        assertThat(button).isEqualTo(new ZaloEvents.Message("u1", new Inbound.ButtonPress("report/topic/0")));
    }

    @Test
    void locationImageFollowAndStickers() throws Exception {
        ZaloEvents.Meaning location = ZaloEvents.read(event("""
                {"app_id":"1","event_name":"user_send_location","sender":{"id":"u1"},"recipient":{"id":"oa"},
                 "message":{"msg_id":"m3","attachments":[{"type":"location","payload":{"coordinates":
                 {"latitude":"10.7769","longitude":"106.7009"}}}]},"timestamp":"1"}"""), url -> null);
        assertThat(location).isEqualTo(new ZaloEvents.Message("u1", new Inbound.Location(10.7769, 106.7009)));

        ZaloEvents.Meaning image = ZaloEvents.read(event("""
                {"app_id":"1","event_name":"user_send_image","sender":{"id":"u1"},"recipient":{"id":"oa"},
                 "message":{"msg_id":"m4","attachments":[{"type":"image","payload":{"url":"https://f/1.jpg"}}]},
                 "timestamp":"2"}"""), url -> new byte[]{1, 2, 3});
        assertThat(((Inbound.Media) ((ZaloEvents.Message) image).inbound()).data()).containsExactly(1, 2, 3);

        assertThat(ZaloEvents.read(event("""
                {"app_id":"1","event_name":"follow","follower":{"id":"u9"},"timestamp":"3"}"""), url -> null))
                .isEqualTo(new ZaloEvents.Followed("u9"));
        assertThat(ZaloEvents.read(event("""
                {"app_id":"1","event_name":"user_send_sticker","sender":{"id":"u1"},"recipient":{"id":"oa"},
                 "message":{"msg_id":"m5"},"timestamp":"4"}"""), url -> null))
                .isEqualTo(new ZaloEvents.Message("u1", new Inbound.Unsupported("sticker")));
        assertThat(ZaloEvents.read(event("""
                {"app_id":"1","event_name":"oa_send_text","sender":{"id":"oa"},"recipient":{"id":"u1"},
                 "message":{"msg_id":"m6","text":"hi"},"timestamp":"5"}"""), url -> null))
                .isEqualTo(new ZaloEvents.Ignored("oa_send_text"));
    }

    @Test
    void submittedInfoIsAContact() throws Exception {
        ZaloEvents.Meaning info = ZaloEvents.read(event("""
                {"app_id":"1","event_name":"user_submit_info","sender":{"id":"u1"},"recipient":{"id":"oa"},
                 "info":{"name":"Lan","phone":"0901234567","address":"","city":"","district":""},"timestamp":"6"}"""), url -> null);
        assertThat(info).isEqualTo(new ZaloEvents.Message("u1", new Inbound.Contact("0901234567", "Lan")));
    }

    @Test
    void eventKeyIsTheMessageIdOrTheEventsOwnFields() throws Exception {
        assertThat(ZaloEvents.eventKey(event("{\"event_name\":\"user_send_text\",\"message\":{\"msg_id\":\"m1\"}}"))).isEqualTo("m1");
        assertThat(ZaloEvents.eventKey(event("{\"event_name\":\"follow\",\"follower\":{\"id\":\"u9\"},\"timestamp\":\"3\"}")))
                .isEqualTo("follow:u9:3");
    }

    /**
     * The journal keeps an event's minimal form until it is handled: it reads as the whole event does,
     * keeps its key and user, and holds no display name, avatar or submitted address.
     */
    @Test
    void theMinimalFormOfAnEventMeansTheSameAndHoldsNoNames() throws Exception {
        byte[] photo = {1, 2, 3};
        String sender = "\"sender\":{\"id\":\"u1\",\"display_name\":\"Lê Văn Tên\",\"avatar\":\"https://a/u1.jpg\"}";
        for (String json : java.util.List.of(
                "{\"app_id\":\"1\",\"event_name\":\"user_send_text\"," + sender
                        + ",\"recipient\":{\"id\":\"oa\"},\"message\":{\"msg_id\":\"m1\",\"text\":\"Tố giác\"},\"timestamp\":\"1\"}",
                "{\"app_id\":\"1\",\"event_name\":\"user_send_location\"," + sender + ",\"message\":{\"msg_id\":\"m3\","
                        + "\"attachments\":[{\"type\":\"location\",\"payload\":{\"coordinates\":{\"latitude\":\"10.7769\","
                        + "\"longitude\":\"106.7009\"}}}]},\"timestamp\":\"2\"}",
                "{\"app_id\":\"1\",\"event_name\":\"user_send_image\"," + sender + ",\"message\":{\"msg_id\":\"m4\","
                        + "\"attachments\":[{\"type\":\"image\",\"payload\":{\"url\":\"https://f/1.jpg\",\"name\":\"Lê Văn Tên.jpg\"}}]},"
                        + "\"timestamp\":\"3\"}",
                "{\"app_id\":\"1\",\"event_name\":\"follow\",\"follower\":{\"id\":\"u9\",\"display_name\":\"Lê Văn Tên\"},"
                        + "\"timestamp\":\"4\"}",
                "{\"app_id\":\"1\",\"event_name\":\"user_submit_info\"," + sender + ",\"info\":{\"name\":\"Trần Liên Lạc\","
                        + "\"phone\":\"84901234567\",\"address\":\"12 Ngõ Kín\",\"city\":\"Huế\"},\"timestamp\":\"5\"}")) {
            JsonNode event = event(json);
            JsonNode minimal = ZaloEvents.minimal(event);
            assertThat(ZaloEvents.read(minimal, url -> photo)).as(json).isEqualTo(ZaloEvents.read(event, url -> photo));
            assertThat(ZaloEvents.eventKey(minimal)).isEqualTo(ZaloEvents.eventKey(event));
            assertThat(ZaloEvents.userOf(minimal)).isEqualTo(ZaloEvents.userOf(event));
            assertThat(minimal.toString()).as(json).doesNotContain("Lê Văn Tên", "avatar", "12 Ngõ Kín", "recipient");
        }
    }
}
