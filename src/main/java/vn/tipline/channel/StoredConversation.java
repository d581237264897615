package vn.tipline.channel;

import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.RawBsonArray;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.RawBsonDocumentCodec;
import org.bson.io.BasicOutputBuffer;
import vn.tipline.conversation.ConversationState;
import vn.tipline.conversation.Languages;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A conversation's stored document, written and read as BSON by hand: the state (in the layout Spring
 * Data's mapping of {@link ConversationState} wrote, so documents of earlier versions read back and the
 * sweeper's and officers' queries on its fields still match) with the replies kept for a replay and the
 * web chat's transcript. The template's mapping walked the state's properties by reflection both ways
 * and went through a {@link Document} the driver then encoded again: about a fifth of a message's cost.
 */
final class StoredConversation {

    static final String ID = "_id";
    static final String CHANNEL = "channel";
    static final String LANGUAGE = "language";
    static final String FLOW = "flow";
    static final String NODE = "node";
    static final String VARIABLES = "variables";
    static final String URGENT = "urgent";
    static final String RUN_ID = "runId";
    static final String LAST_ACTIVITY = "lastActivity";
    static final String EXPIRED = "expired";
    static final String FINISHED_FLOW = "finishedFlow";
    static final String FINISHED_NOTE = "finishedNote";

    private static final EncoderContext ENCODE = EncoderContext.builder().build();
    private static final DecoderContext DECODE = DecoderContext.builder().build();
    private static final RawBsonDocumentCodec RAW = new RawBsonDocumentCodec();

    /** The driver's codec for the variables' values, as the application's client has it (dates, enums and all). */
    private final Codec<Document> values;

    StoredConversation(Codec<Document> values) {
        this.values = values;
    }

    /** What goes with the state into one document; each list either kept raw from the stored one or new. */
    record Extras(List<RawBsonDocument> keptAnswered, Document newAnswered, List<Document> transcript) {
    }

    RawBsonDocument write(ConversationState state, Extras extras) {
        BasicOutputBuffer out = new BasicOutputBuffer(1024);
        try (BsonBinaryWriter w = new BsonBinaryWriter(out)) {
            w.writeStartDocument();
            w.writeString(ID, state.getId());
            string(w, CHANNEL, state.getChannel());
            string(w, LANGUAGE, state.getLanguage());
            string(w, FLOW, state.getFlow());
            string(w, NODE, state.getNode());
            w.writeName(VARIABLES);
            values.encode(w, new Document(state.getVariables()), ENCODE);
            w.writeBoolean(URGENT, state.isUrgent());
            string(w, RUN_ID, state.getRunId());
            if (state.getLastActivity() != null) {
                w.writeDateTime(LAST_ACTIVITY, state.getLastActivity().toEpochMilli());
            }
            w.writeBoolean(EXPIRED, state.isExpired());
            string(w, FINISHED_FLOW, state.getFinishedFlow());
            string(w, FINISHED_NOTE, state.getFinishedNote());
            if (extras.newAnswered() != null) {
                w.writeStartArray(ConversationService.ANSWERED);
                for (RawBsonDocument kept : extras.keptAnswered()) {
                    RAW.encode(w, kept, ENCODE);
                }
                values.encode(w, extras.newAnswered(), ENCODE);
                w.writeEndArray();
            }
            if (extras.transcript() != null) {
                w.writeStartArray(Transcript.FIELD);
                for (Document line : extras.transcript()) {
                    values.encode(w, line, ENCODE);
                }
                w.writeEndArray();
            }
            w.writeEndDocument();
        }
        return new RawBsonDocument(out.getInternalBuffer(), 0, out.getPosition());
    }

    ConversationState read(RawBsonDocument stored) {
        String id = null;
        String channel = null;
        String language = null;
        String flow = null;
        String node = null;
        String runId = null;
        Map<String, Object> variables = new LinkedHashMap<>();
        boolean urgent = false;
        Instant lastActivity = null;
        boolean expired = false;
        String finishedFlow = null;
        String finishedNote = null;
        // Straight from the bytes: the document's own reader first decodes every field into a tree.
        try (BsonReader r = new BsonBinaryReader(stored.getByteBuffer().asNIO())) {
            r.readStartDocument();
            while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
                String name = r.readName();
                if (r.getCurrentBsonType() == BsonType.NULL) {
                    r.readNull();
                    continue;
                }
                switch (name) {
                    case ID -> id = r.readString();
                    case CHANNEL -> channel = r.readString();
                    case LANGUAGE -> language = r.readString();
                    case FLOW -> flow = r.readString();
                    case NODE -> node = r.readString();
                    case RUN_ID -> runId = r.readString();
                    case VARIABLES -> variables.putAll(values.decode(r, DECODE));
                    case URGENT -> urgent = r.readBoolean();
                    case LAST_ACTIVITY -> lastActivity = Instant.ofEpochMilli(r.readDateTime());
                    case EXPIRED -> expired = r.readBoolean();
                    case FINISHED_FLOW -> finishedFlow = r.readString();
                    case FINISHED_NOTE -> finishedNote = r.readString();
                    default -> r.skipValue();
                }
            }
            r.readEndDocument();
        }
        // A document without a language (none written so far) reads as the default one, as the mapping's did.
        return ConversationState.restored(id, channel, language == null ? Languages.DEFAULT : language, flow, node,
                runId, variables, urgent, lastActivity, expired, finishedFlow, finishedNote);
    }

    /** The string in {@code field}, or null when it is missing or not a string. */
    static String string(RawBsonDocument stored, String field) {
        BsonValue value = stored.get(field);
        return value != null && value.isString() ? value.asString().getValue() : null;
    }

    /** The stored array {@code field} as its raw documents, without decoding them. */
    static List<RawBsonDocument> rawList(RawBsonDocument stored, String field) {
        BsonValue value = stored == null ? null : stored.get(field);
        if (!(value instanceof RawBsonArray array)) {
            return List.of();
        }
        List<RawBsonDocument> documents = new ArrayList<>(array.size());
        for (BsonValue element : array) {
            if (element instanceof RawBsonDocument d) {
                documents.add(d);
            }
        }
        return documents;
    }

    /** The stored array {@code field}, decoded. */
    List<Document> list(RawBsonDocument stored, String field) {
        List<Document> documents = new ArrayList<>();
        for (RawBsonDocument d : rawList(stored, field)) {
            documents.add(d.decode(values));
        }
        return documents;
    }

    private static void string(BsonWriter w, String name, String value) {
        if (value != null) {
            w.writeString(name, value);
        }
    }
}
