package vn.tipline.conversation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one citizen is in the conversation. Stored between messages; identified by the
 * pseudonymous key, never by a chat id.
 */
public class ConversationState {

    private String id;
    private String channel;
    private String language = Languages.DEFAULT;
    private String flow;
    private String node;
    private Map<String, Object> variables = new LinkedHashMap<>();
    private boolean urgent;
    private String runId;
    private Instant lastActivity;
    private boolean expired;
    /** The flow that last ended with an {@code again} text, and that text: a late button of it gets the text. */
    private String finishedFlow;
    private String finishedNote;

    public ConversationState() {
    }

    public ConversationState(String id, String channel, String language) {
        this.id = id;
        this.channel = channel;
        this.language = language;
    }

    /**
     * A conversation as it was stored, rebuilt field by field by the store's own codec (the channel
     * package's, which writes it by hand): where it stands in a flow is set only here and by the engine.
     */
    public static ConversationState restored(String id, String channel, String language, String flow, String node,
                                             String runId, Map<String, Object> variables, boolean urgent,
                                             Instant lastActivity, boolean expired, String finishedFlow,
                                             String finishedNote) {
        ConversationState c = new ConversationState(id, channel, language);
        c.flow = flow;
        c.node = node;
        c.runId = runId;
        c.variables = variables;
        c.urgent = urgent;
        c.lastActivity = lastActivity;
        c.expired = expired;
        c.finishedFlow = finishedFlow;
        c.finishedNote = finishedNote;
        return c;
    }

    public ConversationState copy() {
        return restored(id, channel, language, flow, node, runId, deepCopy(variables), urgent, lastActivity, expired,
                finishedFlow, finishedNote);
    }

    private static Map<String, Object> deepCopy(Map<String, Object> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(k, v instanceof List<?> l ? new ArrayList<>(l) : v));
        return copy;
    }

    /** Leaves any flow and forgets what was typed in it (drafts may be sensitive). */
    public void reset() {
        flow = null;
        node = null;
        variables = new LinkedHashMap<>();
        runId = null;
    }

    public boolean inFlow() {
        return flow != null;
    }

    public String getId() {
        return id;
    }

    public String getChannel() {
        return channel;
    }

    public String getLanguage() {
        return language;
    }

    public void setLanguage(String language) {
        this.language = language;
    }

    public String getFlow() {
        return flow;
    }

    public String getNode() {
        return node;
    }

    void moveTo(String flow, String node) {
        this.flow = flow;
        this.node = node;
    }

    public Map<String, Object> getVariables() {
        return variables;
    }

    public boolean isUrgent() {
        return urgent;
    }

    public void setUrgent(boolean urgent) {
        this.urgent = urgent;
    }

    public String getRunId() {
        return runId;
    }

    void setRunId(String runId) {
        this.runId = runId;
    }

    public Instant getLastActivity() {
        return lastActivity;
    }

    public void setLastActivity(Instant lastActivity) {
        this.lastActivity = lastActivity;
    }

    public boolean isExpired() {
        return expired;
    }

    public void setExpired(boolean expired) {
        this.expired = expired;
    }

    public String getFinishedFlow() {
        return finishedFlow;
    }

    public String getFinishedNote() {
        return finishedNote;
    }

    public void setFinished(String flow, String note) {
        this.finishedFlow = flow;
        this.finishedNote = note;
    }
}
