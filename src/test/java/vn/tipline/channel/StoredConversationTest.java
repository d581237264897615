package vn.tipline.channel;

import com.mongodb.MongoClientSettings;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.convert.NoOpDbRefResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;
import vn.tipline.conversation.ConversationState;

import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StoredConversationTest {

    private final Codec<Document> codec = MongoClientSettings.getDefaultCodecRegistry().get(Document.class);
    private final StoredConversation documents = new StoredConversation(codec);

    @Test
    void everyFieldOfTheStateReadsBackAsWritten() {
        ConversationState state = everyFieldSet();

        ConversationState read = documents.read(documents.write(state, new StoredConversation.Extras(List.of(), null, null)));

        assertThat(fields(read)).isEqualTo(fields(state));
    }

    @Test
    void aStateWithOnlyItsDefaultsReadsBackAsWritten() {
        ConversationState state = new ConversationState("k2", "zalo", "en");

        ConversationState read = documents.read(documents.write(state, new StoredConversation.Extras(List.of(), null, null)));

        assertThat(fields(read)).isEqualTo(fields(state));
    }

    @Test
    void aDocumentWrittenByTheTemplatesMappingReadsBackTheSame() {
        MappingMongoConverter template = template();
        ConversationState state = everyFieldSet();
        Document mapped = new Document();
        template.write(state, mapped);

        ConversationState read = documents.read(new RawBsonDocument(mapped, codec));

        assertThat(fields(read)).isEqualTo(fields(state));
    }

    @Test
    void theTemplatesMappingReadsWhatIsWrittenHereInTheSameFields() {
        // A version rolled back reads the documents this one wrote; officers' and the sweeper's queries match them.
        MappingMongoConverter template = template();
        ConversationState state = everyFieldSet();
        Document mapped = new Document();
        template.write(state, mapped);
        mapped.remove("_class");

        Document written = documents.write(state, new StoredConversation.Extras(List.of(), null, null)).decode(codec);

        assertThat(written).isEqualTo(mapped);
        assertThat(fields(template.read(ConversationState.class, written))).isEqualTo(fields(state));
    }

    @Test
    void theAnswersKeptAndTheTranscriptGoWithTheState() {
        ConversationState state = everyFieldSet();
        RawBsonDocument before = documents.write(state, new StoredConversation.Extras(List.of(),
                new Document("key", "u1").append("replies", List.of(new Document("text", "a"))), null));
        Document newer = new Document("key", "u2").append("replies", List.of(new Document("text", "b")));
        List<Document> transcript = List.of(new Document("from", "citizen").append("text", "hi"));

        RawBsonDocument after = documents.write(state, new StoredConversation.Extras(
                StoredConversation.rawList(before, ConversationService.ANSWERED), newer, transcript));

        assertThat(documents.list(after, ConversationService.ANSWERED)).extracting(d -> d.getString("key"))
                .containsExactly("u1", "u2");
        assertThat(documents.list(after, ConversationService.ANSWERED).get(1)).isEqualTo(newer);
        assertThat(documents.list(after, Transcript.FIELD)).isEqualTo(transcript);
        assertThat(fields(documents.read(after))).isEqualTo(fields(state));
    }

    @Test
    void everyFieldOfTheStateIsCoveredHere() {
        // A field added to the state but not to the codec would be dropped at the next message: add it to
        // StoredConversation's write and read, and to everyFieldSet and fields below.
        long fields = Arrays.stream(ConversationState.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers())).count();
        assertThat(fields).isEqualTo(fields(everyFieldSet()).size());
    }

    private static MappingMongoConverter template() {
        // As Spring Boot sets them up: the store's simple types (Instant among them) are values, not entities.
        MongoCustomConversions conversions = new MongoCustomConversions(List.of());
        MongoMappingContext context = new MongoMappingContext();
        context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        context.afterPropertiesSet();
        MappingMongoConverter converter = new MappingMongoConverter(NoOpDbRefResolver.INSTANCE, context);
        converter.setCustomConversions(conversions);
        converter.afterPropertiesSet();
        return converter;
    }

    private static ConversationState everyFieldSet() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("place_shown", "Hoàn Kiếm");
        variables.put("place_lat", 21.0285);
        variables.put("count", 3);
        variables.put("photos", new ArrayList<>(List.of("a1", "a2")));
        return ConversationState.restored("k1", "telegram", "en", "report", "ask_place", "run-7", variables, true,
                Instant.parse("2026-12-07T10:15:30.123Z"), true, "subscribe", "Again: /news");
    }

    private static List<Object> fields(ConversationState s) {
        return Arrays.asList(s.getId(), s.getChannel(), s.getLanguage(), s.getFlow(), s.getNode(), s.getRunId(),
                s.getVariables(), s.isUrgent(), s.getLastActivity(), s.isExpired(), s.getFinishedFlow(),
                s.getFinishedNote());
    }
}
