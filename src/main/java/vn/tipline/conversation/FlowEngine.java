package vn.tipline.conversation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the flows: takes one inbound message and a conversation's state, moves the state on and
 * returns the replies. Knows no platform and no database; it never throws at the citizen.
 */
public final class FlowEngine {

    private static final Logger log = LoggerFactory.getLogger(FlowEngine.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z0-9_]+)\\s*}}");
    private static final String MENU_PAYLOAD = "!menu";
    /** The button under the emergency numbers: repeats the question the citizen was at. */
    private static final String AGAIN_PAYLOAD = "!again";
    /** The payload suffix of the button that sends a choice's typed text on ({@code otherwise}). */
    private static final String OTHERWISE = "otherwise";
    /** At most this many words, a text naming a menu option reads as a request rather than an account of a crime. */
    static final int REQUEST_WORDS = 8;
    private static final int MAX_STEPS = 50;
    /** Payload marker of an option taken from a variable: its value follows, not an index. */
    private static final String DYNAMIC = "=";
    /** Telegram's limit on a button's callback data, in bytes. */
    private static final int MAX_PAYLOAD = 64;

    private final FlowCatalog catalog;
    private final Map<String, FlowAction> actions = new LinkedHashMap<>();
    private final EvidenceStore evidence;
    private final EngineSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public FlowEngine(FlowCatalog catalog, List<FlowAction> actions, EvidenceStore evidence,
                      EngineSettings settings, Clock clock) {
        this.catalog = catalog;
        actions.forEach(a -> this.actions.put(a.name(), a));
        this.evidence = evidence;
        this.settings = settings;
        this.clock = clock;
    }

    public FlowCatalog catalog() {
        return catalog;
    }

    /** Handles one message; {@code state} is updated in place, or left as it was if handling failed. */
    public List<Outbound> handle(ConversationState state, Inbound inbound) {
        ConversationState working = state.copy();
        Turn turn = new Turn(working);
        try {
            process(turn, inbound);
        } catch (RuntimeException e) {
            // Name the step, never the content: the message may be a tip.
            // An exception's message may quote what the citizen typed: its class and where it arose only.
            log.error("Flow step failed at {}/{}: {} at {}", state.getFlow(), state.getNode(), e.getClass().getName(),
                    e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
            // The state goes back to before this message: what it saved is in no draft.
            discard(turn.saved);
            Turn failed = new Turn(state);
            failed.say("action_failed");
            failed.reprompt();
            state.setLastActivity(clock.instant());
            return failed.out;
        }
        working.setLastActivity(clock.instant());
        discardDropped(state, working, turn.saved);
        copyInto(working, state);
        return turn.out;
    }

    /** The opening of a new conversation: the main menu. */
    public List<Outbound> greet(ConversationState state) {
        List<String> before = draftEvidence(state);
        Turn turn = new Turn(state);
        turn.enter("@" + FlowCatalog.MAIN);
        state.setLastActivity(clock.instant());
        discardDropped(before, state);
        return turn.out;
    }

    /**
     * Deletes the evidence of a draft that is being thrown away outside a message (an idle
     * conversation expired or forgotten by a sweep).
     */
    public void discardDraft(ConversationState state) {
        discard(draftEvidence(state));
    }

    /** Draft evidence older than any draft can be: left behind by a state that was never stored. */
    public void discardAbandonedEvidence(Instant savedBefore) {
        evidence.discardAbandoned(savedBefore);
    }

    /** Evidence the draft held before this turn, or saved during it, that it no longer holds. */
    private void discardDropped(ConversationState before, ConversationState after, List<String> saved) {
        List<String> held = new ArrayList<>(draftEvidence(before));
        held.addAll(saved);
        discardDropped(held, after);
    }

    private void discardDropped(List<String> held, ConversationState after) {
        List<String> dropped = new ArrayList<>(held);
        dropped.removeAll(draftEvidence(after));
        discard(dropped);
    }

    /** The ids in the media variables of the conversation's current flow (a new flow starts with none). */
    private List<String> draftEvidence(ConversationState state) {
        Flow flow = state.getFlow() == null ? null : catalog.flows().get(state.getFlow());
        if (flow == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (Node node : flow.nodes().values()) {
            if (node instanceof Node.Media media && state.getVariables().get(media.var()) instanceof List<?> list) {
                list.forEach(id -> ids.add(String.valueOf(id)));
            }
        }
        return ids;
    }

    private void discard(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            evidence.discard(ids);
        } catch (RuntimeException e) {
            // The citizen's turn still succeeds; the count only, never what the files show.
            log.warn("Could not delete {} evidence file(s) of a dropped draft: {}", ids.size(), e.getClass().getName());
        }
    }

    private static void copyInto(ConversationState from, ConversationState to) {
        to.moveTo(from.getFlow(), from.getNode());
        to.getVariables().clear();
        to.getVariables().putAll(from.getVariables());
        to.setLanguage(from.getLanguage());
        to.setUrgent(from.isUrgent());
        to.setRunId(from.getRunId());
        to.setExpired(from.isExpired());
        to.setLastActivity(from.getLastActivity());
        to.setFinished(from.getFinishedFlow(), from.getFinishedNote());
    }

    private void process(Turn turn, Inbound inbound) {
        ConversationState state = turn.state;
        Instant now = clock.instant();
        boolean idle = state.inFlow() && state.getLastActivity() != null
                && state.getLastActivity().plus(settings.idleTimeout()).isBefore(now);
        if (state.isExpired() || idle) {
            turn.say("expired_notice");
            state.reset();
            state.setUrgent(false);
            state.setExpired(false);
        }
        if (inbound instanceof Inbound.ButtonPress press && press.payload().startsWith("/")) {
            // A command button (an officer's follow-up carries "/reply CODE"): the same as typing the command.
            inbound = new Inbound.Text(press.payload());
        }
        if (inbound instanceof Inbound.Text text) {
            String body = Folding.nfc(text.text()).strip();
            if (body.length() > settings.maxText()) {
                turn.say("too_long", Map.of("max", String.valueOf(settings.maxText()), "length", String.valueOf(body.length())));
                turn.reprompt();
                return;
            }
            if (body.isEmpty()) {
                turn.say("empty_message");
                turn.reprompt();
                return;
            }
            if (body.startsWith("/")) {
                String[] parts = body.substring(1).split("\\s+", 2);
                String name = parts[0].contains("@") ? parts[0].substring(0, parts[0].indexOf('@')) : parts[0];
                command(turn, name.toLowerCase(java.util.Locale.ROOT), parts.length > 1 ? parts[1].strip() : null);
                return;
            }
            if (isEmergency(body)) {
                turn.say("emergency");
                turn.emergency = true;
                state.setUrgent(true);
            }
            inbound = new Inbound.Text(body);
        }
        if (inbound instanceof Inbound.Command c) {
            command(turn, c.name().toLowerCase(java.util.Locale.ROOT), c.argument() == null ? null : Folding.nfc(c.argument()).strip());
            return;
        }
        if (inbound instanceof Inbound.ButtonPress press && MENU_PAYLOAD.equals(press.payload())) {
            state.reset();
            turn.enter("@" + FlowCatalog.MAIN);
            return;
        }
        if (inbound instanceof Inbound.ButtonPress press && AGAIN_PAYLOAD.equals(press.payload())) {
            turn.reprompt();
            return;
        }
        if (inbound instanceof Inbound.ButtonPress press && isOfFinishedFlow(state, press.payload())) {
            // A button of a flow that has ended (a second tap on "Yes, send"): say so, not the menu.
            turn.out.add(new Outbound.Choice(state.getFinishedNote(),
                    List.of(new Button(catalog.texts().get("menu_button", state.getLanguage()), MENU_PAYLOAD))));
            return;
        }
        if (inbound instanceof Inbound.Unsupported unsupported) {
            // A kind may have its own text (unsupported_voice, unsupported_edited, ...); else the general one.
            String specific = "unsupported_" + unsupported.kind();
            turn.say(catalog.texts().texts().containsKey(specific) ? specific : "unsupported_input",
                    Map.of("limit", evidence.largestFile()));
            turn.reprompt();
            return;
        }
        if (!state.inFlow()) {
            // A button from a finished conversation, or a first message: start from the menu.
            if (inbound instanceof Inbound.ButtonPress press && press.payload().startsWith(FlowCatalog.MAIN + "/")) {
                Flow main = catalog.main();
                state.moveTo(main.id(), main.start());
                state.setRunId(newRunId());
                answer(turn, inbound);
                return;
            }
            if (turn.emergency) {
                turn.emergencyOffer();
                return;
            }
            turn.enter("@" + FlowCatalog.MAIN);
            return;
        }
        answer(turn, inbound);
    }

    /** A button of the flow that last ended with an {@code again} text, pressed outside that flow. */
    private static boolean isOfFinishedFlow(ConversationState state, String payload) {
        return state.getFinishedFlow() != null && state.getFinishedNote() != null
                && payload.startsWith(state.getFinishedFlow() + "/")
                && !(state.inFlow() && state.getFlow().equals(state.getFinishedFlow()));
    }

    private boolean isEmergency(String text) {
        String folded = " " + Folding.foldWords(text) + " ";
        return catalog.texts().emergencyKeywords().stream().anyMatch(k -> folded.contains(" " + k + " "));
    }

    private void command(Turn turn, String name, String argument) {
        ConversationState state = turn.state;
        // /stop opens the flow that claims it (ending a news subscription); without one it cancels.
        if (name.equals("stop") && catalog.flowForCommand(name).isEmpty()) {
            name = "cancel";
        }
        switch (name) {
            case "start", "menu" -> {
                state.reset();
                if (name.equals("start")) {
                    state.setUrgent(false);
                }
                turn.enter("@" + FlowCatalog.MAIN);
            }
            case "cancel" -> {
                state.reset();
                turn.say("cancelled");
                turn.enter("@" + FlowCatalog.MAIN);
            }
            case "lang" -> {
                String wanted = argument == null ? null : Folding.fold(argument);
                if (wanted == null || !Languages.supported(wanted)) {
                    wanted = state.getLanguage().equals("vi") ? "en" : "vi";
                }
                state.setLanguage(wanted);
                turn.say("language_set");
                if (state.inFlow()) {
                    turn.reprompt();
                } else {
                    turn.enter("@" + FlowCatalog.MAIN);
                }
            }
            default -> {
                Optional<Flow> flow = catalog.flowForCommand(name);
                if (flow.isEmpty()) {
                    turn.say("unknown_command");
                    turn.reprompt();
                    return;
                }
                state.reset();
                Flow f = flow.get();
                if (argument != null && !argument.isEmpty() && f.argument() != null) {
                    state.moveTo(f.id(), f.argument().node());
                    state.setRunId(newRunId());
                    state.getVariables().put(f.argument().var(), argument);
                    turn.enter(f.argument().node());
                } else {
                    turn.enter("@" + f.id());
                }
            }
        }
    }

    /** Feeds the message to the node the conversation is waiting at. */
    private void answer(Turn turn, Inbound inbound) {
        ConversationState state = turn.state;
        Flow flow = catalog.flows().get(state.getFlow());
        Node node = flow == null ? null : flow.node(state.getNode());
        if (node == null) {
            // The flows changed under a stored conversation: start again politely.
            state.reset();
            turn.say("stale_menu");
            turn.enter("@" + FlowCatalog.MAIN);
            return;
        }
        if (inbound instanceof Inbound.ButtonPress press && !press.payload().startsWith(flow.id() + "/" + node.id() + "/")) {
            turn.say("stale_menu");
            turn.reprompt();
            return;
        }
        String buttonValue = inbound instanceof Inbound.ButtonPress press
                ? press.payload().substring((flow.id() + "/" + node.id() + "/").length()) : null;
        String typed = inbound instanceof Inbound.Text t ? t.text() : null;
        Map<String, Object> vars = state.getVariables();

        if (node instanceof Node.Choice choice) {
            Dynamic dynamic = dynamicOptions(flow, choice, vars);
            List<Node.Option> all = new ArrayList<>(dynamic.shown());
            all.addAll(choice.options());
            int numbered = all.size();
            all.addAll(dynamic.hidden());
            if (OTHERWISE.equals(buttonValue) && choice.otherwise() != null && vars.get(choice.otherwise().var()) != null) {
                // The offer under the emergency numbers, or under a request that named another option: the
                // typed story goes on as a tip after all.
                turn.enterWith(choice.otherwise().next(), Map.of(choice.otherwise().var(), vars.get(choice.otherwise().var())));
                return;
            }
            Optional<Node.Option> picked = buttonValue == null
                    ? (typed != null ? byText(all, typed, numbered) : Optional.empty())
                    : buttonValue.startsWith(DYNAMIC)
                    ? dynamic.shown().stream().filter(o -> o.value().equals(buttonValue.substring(DYNAMIC.length()))).findFirst()
                    : byIndex(choice.options(), buttonValue);
            Node.Otherwise otherwise = choice.otherwise();
            boolean story = typed != null && otherwise != null && typed.codePointCount(0, typed.length()) >= otherwise.min();
            if (picked.isEmpty() && buttonValue == null && typed != null && !story && !turn.emergency) {
                // A short request in the citizen's own words ("tìm công an phường"): the option a phrase of
                // two words or more of it names. One word alone ("báo") is too loose to act on.
                picked = suggested(all, typed, 2);
            }
            if (picked.isEmpty() && story && !turn.emergency) {
                Optional<Node.Option> named = suggested(choice.options(), typed, 2)
                        .filter(o -> !o.next().equals(otherwise.next()));
                if (named.isPresent() && typed.trim().split("\\s+").length <= REQUEST_WORDS) {
                    // Long enough to be a tip, yet a short request naming another option ("Tôi muốn tìm công
                    // an phường"): ask rather than guess, keeping the text in case it is a tip after all.
                    vars.put(otherwise.var(), typed);
                    String prefix = flow.id() + "/" + node.id() + "/";
                    turn.ask("request_or_story", List.of(
                            turn.optionButtons(prefix, choice.options()).get(choice.options().indexOf(named.get())),
                            new Button(catalog.texts().get("send_as_tip", state.getLanguage()), prefix + OTHERWISE)));
                    return;
                }
            }
            if (picked.isEmpty() && story) {
                if (turn.emergency) {
                    // The numbers first and alone; the story waits for the citizen to say it may go on.
                    vars.put(otherwise.var(), typed);
                    turn.emergencyOffer(new Button(catalog.texts().get("emergency_send_story", state.getLanguage()),
                            flow.id() + "/" + node.id() + "/" + OTHERWISE));
                    return;
                }
                turn.enterWith(otherwise.next(), Map.of(otherwise.var(), typed));
                return;
            }
            if (picked.isEmpty() && turn.emergency) {
                turn.emergencyOffer();
                return;
            }
            if (picked.isEmpty()) {
                turn.say(buttonValue != null && buttonValue.startsWith(DYNAMIC) ? "stale_menu" : "pick_option");
                turn.reprompt();
                return;
            }
            vars.put(choice.var(), picked.get().value());
            vars.put(choice.var() + "_label", picked.get().label().in(state.getLanguage()));
            turn.enter(picked.get().next());
        } else if (node instanceof Node.FreeText text) {
            if (buttonValue != null) {
                Optional<Node.Option> suggestion = byIndex(text.suggestions(), buttonValue);
                if (suggestion.isEmpty()) {
                    turn.say("stale_menu");
                    turn.reprompt();
                    return;
                }
                vars.put(text.var(), suggestion.get().label().in(state.getLanguage()));
                vars.put(text.var() + "_value", suggestion.get().value());
                turn.enter(suggestion.get().next() != null ? suggestion.get().next() : text.next());
                return;
            }
            if (inbound instanceof Inbound.Contact contact) {
                String value = ((contact.name() == null ? "" : contact.name() + " ") + contact.phone()).strip();
                vars.put(text.var(), value);
                turn.enter(text.next());
                return;
            }
            if (typed == null) {
                turn.say("expected_text");
                turn.reprompt();
                return;
            }
            Optional<Node.Option> suggestion = byText(text.suggestions(), typed);
            if (suggestion.isPresent()) {
                vars.put(text.var(), suggestion.get().label().in(state.getLanguage()));
                vars.put(text.var() + "_value", suggestion.get().value());
                turn.enter(suggestion.get().next() != null ? suggestion.get().next() : text.next());
                return;
            }
            int length = typed.codePointCount(0, typed.length());
            if (length < text.min()) {
                turn.say("text_too_short", Map.of("min", String.valueOf(text.min())));
                turn.reprompt();
                return;
            }
            if (length > text.max()) {
                turn.say("text_too_long", Map.of("max", String.valueOf(text.max()), "length", String.valueOf(length)));
                turn.reprompt();
                return;
            }
            if (text.pattern() != null && !Pattern.compile(text.pattern(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                    .matcher(typed).matches()) {
                if (text.patternError() != null) {
                    turn.sayText(text.patternError().in(state.getLanguage()));
                } else {
                    turn.say("pattern_mismatch");
                }
                turn.reprompt();
                return;
            }
            vars.put(text.var(), typed);
            turn.enter(text.next());
        } else if (node instanceof Node.Location location) {
            Optional<Node.Option> suggestion = buttonValue != null ? byIndex(location.suggestions(), buttonValue)
                    : typed != null ? byText(location.suggestions(), typed) : Optional.empty();
            if (buttonValue != null && suggestion.isEmpty()) {
                turn.say("stale_menu");
                turn.reprompt();
                return;
            }
            if (suggestion.isPresent()) {
                vars.put(location.var(), suggestion.get().label().in(state.getLanguage()));
                vars.put(location.var() + "_value", suggestion.get().value());
                vars.remove(location.var() + "_lat");
                vars.remove(location.var() + "_lon");
                turn.enter(suggestion.get().next() != null ? suggestion.get().next() : location.next());
                return;
            }
            vars.remove(location.var() + "_value");
            if (inbound instanceof Inbound.Location point) {
                vars.put(location.var(), String.format(java.util.Locale.ROOT, "%.6f, %.6f", point.latitude(), point.longitude()));
                vars.put(location.var() + "_lat", point.latitude());
                vars.put(location.var() + "_lon", point.longitude());
                turn.enter(location.next());
            } else if (typed != null && typed.codePointCount(0, typed.length()) >= location.min()) {
                vars.put(location.var(), typed);
                vars.remove(location.var() + "_lat");
                vars.remove(location.var() + "_lon");
                turn.enter(location.next());
            } else {
                turn.say("expected_location", Map.of("min", String.valueOf(location.min())));
                turn.reprompt();
            }
        } else if (node instanceof Node.Media media) {
            List<String> ids = mediaList(vars, media.var());
            if (inbound instanceof Inbound.Media m) {
                try {
                    EvidenceStore.Saved saved = evidence.keep(m, ids);
                    turn.saved.add(saved.id());
                    ids.add(saved.id());
                    if (!saved.cleaned()) {
                        // Said before the tip is confirmed: the citizen may still cancel rather than send it.
                        turn.say("media_not_cleaned");
                    }
                } catch (EvidenceStore.UnsupportedEvidenceException e) {
                    turn.say(e.text(), e.values());
                    turn.reprompt();
                    return;
                }
                vars.put(media.var(), ids);
                if (ids.size() >= media.max()) {
                    turn.enter(media.next());
                } else {
                    turn.say("media_received", Map.of("count", String.valueOf(ids.size()), "max", String.valueOf(media.max())));
                    turn.mediaButtons(flow, media, ids.size());
                }
                return;
            }
            boolean done = "done".equals(buttonValue) || (typed != null && matchesWords(typed, "done", "skip"));
            if (done && (media.optional() || !ids.isEmpty())) {
                vars.put(media.var(), ids);
                turn.enter(media.next());
                return;
            }
            turn.say("expected_media");
            turn.reprompt();
        } else if (node instanceof Node.Confirm confirm) {
            // Typed, the buttons' numbers count too (1 yes, 2 no), as they do for every choice.
            String number = typed == null ? null : Folding.foldWords(typed);
            Boolean yes = "y".equals(buttonValue) ? Boolean.TRUE : "n".equals(buttonValue) ? Boolean.FALSE
                    : typed == null ? null : matchesWords(typed, "yes") || "1".equals(number) ? Boolean.TRUE
                    : matchesWords(typed, "no") || "2".equals(number) ? Boolean.FALSE : null;
            if (yes == null) {
                turn.say("expected_confirm");
                turn.reprompt();
                return;
            }
            turn.enter(yes ? confirm.yes() : confirm.no());
        } else {
            // Only waiting nodes are ever stored as the current node.
            state.reset();
            turn.enter("@" + FlowCatalog.MAIN);
        }
    }

    /** Options taken from a variable: those shown as buttons, and those that can only be typed. */
    private record Dynamic(List<Node.Option> shown, List<Node.Option> hidden) {
    }

    /**
     * The options a choice takes from a variable: a list of {@code {value, label, synonyms?,
     * hidden?}} maps, set by an action. Entries that are malformed, repeat a value, or whose
     * button payload would pass Telegram's 64-byte limit are left out (and logged by node,
     * never by content).
     */
    private static Dynamic dynamicOptions(Flow flow, Node.Choice choice, Map<String, Object> vars) {
        if (choice.optionsFrom() == null || !(vars.get(choice.optionsFrom()) instanceof List<?> list)) {
            return new Dynamic(List.of(), List.of());
        }
        List<Node.Option> hidden = new ArrayList<>();
        int room = MAX_PAYLOAD - (flow.id() + "/" + choice.id() + "/" + DYNAMIC).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        List<Node.Option> options = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        int skipped = 0;
        for (Object item : list) {
            Object value = item instanceof Map<?, ?> m ? m.get("value") : null;
            Object label = item instanceof Map<?, ?> m ? m.get("label") : null;
            if (value == null || label == null || String.valueOf(label).isBlank()
                    || String.valueOf(value).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > room
                    || !seen.add(String.valueOf(value))) {
                skipped++;
                continue;
            }
            List<String> synonyms = new ArrayList<>();
            if (((Map<?, ?>) item).get("synonyms") instanceof List<?> s) {
                s.forEach(x -> synonyms.add(String.valueOf(x)));
            }
            Map<String, String> labels = new LinkedHashMap<>();
            Languages.ALL.forEach(lang -> labels.put(lang, String.valueOf(label)));
            Node.Option option = new Node.Option(String.valueOf(value), new LocalizedText(labels), synonyms, choice.next());
            if (Boolean.TRUE.equals(((Map<?, ?>) item).get("hidden"))) {
                hidden.add(option);
            } else {
                options.add(option);
            }
        }
        if (skipped > 0) {
            log.warn("Choice {}: {} options from '{}' left out (malformed, duplicate or too long)", choice.id(), skipped,
                    choice.optionsFrom());
        }
        return new Dynamic(options, hidden);
    }

    @SuppressWarnings("unchecked")
    private static List<String> mediaList(Map<String, Object> vars, String var) {
        Object raw = vars.get(var);
        return raw instanceof List<?> l ? new ArrayList<>((List<String>) l) : new ArrayList<>();
    }

    private static Optional<Node.Option> byIndex(List<Node.Option> options, String value) {
        try {
            int index = Integer.parseInt(value);
            return index >= 0 && index < options.size() ? Optional.of(options.get(index)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Node.Option> byText(List<Node.Option> options, String typed) {
        return byText(options, typed, options.size());
    }

    /**
     * A typed answer picks an option by number, value, label or synonym, without regard to case or
     * accents; only the first {@code numbered} options (those shown) have a number.
     */
    private static Optional<Node.Option> byText(List<Node.Option> options, String typed, int numbered) {
        String folded = Folding.foldWords(typed);
        if (folded.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < options.size(); i++) {
            Node.Option option = options.get(i);
            if ((i < numbered && folded.equals(String.valueOf(i + 1))) || folded.equals(Folding.foldWords(option.value()))) {
                return Optional.of(option);
            }
            for (String label : option.label().byLanguage().values()) {
                if (folded.equals(Folding.foldWords(label))) {
                    return Optional.of(option);
                }
            }
            for (String synonym : option.synonyms()) {
                if (folded.equals(Folding.foldWords(synonym))) {
                    return Optional.of(option);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the typed text is one of the words listed under {@code <key>_words}, or the button label, in any language. */
    private boolean matchesWords(String typed, String... keys) {
        String folded = Folding.foldWords(typed);
        for (String key : keys) {
            for (String lang : Languages.ALL) {
                if (folded.equals(Folding.foldWords(catalog.texts().get(key, lang)))) {
                    return true;
                }
                String words = catalog.texts().get(key + "_words", lang);
                if (Arrays.stream(words.split(",")).map(Folding::foldWords).anyMatch(folded::equals)) {
                    return true;
                }
            }
        }
        return false;
    }

    private String newRunId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The replies of one turn, and the walk through non-waiting nodes. */
    private final class Turn {

        final ConversationState state;
        final List<Outbound> out = new ArrayList<>();
        /** Evidence saved during this turn: the store has it whether or not the turn succeeds. */
        final List<String> saved = new ArrayList<>();
        /** The message signals danger: the emergency numbers were said first. */
        boolean emergency;

        Turn(ConversationState state) {
            this.state = state;
        }

        void say(String key) {
            say(key, Map.of());
        }

        void say(String key, Map<String, String> params) {
            Map<String, Object> values = new LinkedHashMap<>(state.getVariables());
            values.putAll(params);
            out.add(new Outbound.Text(render(catalog.texts().get(key, state.getLanguage()), values)));
        }

        /** A question of the engine's own with its buttons. */
        void ask(String key, List<Button> buttons) {
            out.add(new Outbound.Choice(render(catalog.texts().get(key, state.getLanguage()), state.getVariables()), buttons));
        }

        void sayText(String text) {
            out.add(new Outbound.Text(render(text, state.getVariables())));
        }

        /**
         * The emergency numbers as one message, with at most a short offer to go on: instead of
         * "pick a button" and the whole question again. Replaces the plain emergency text said first.
         */
        void emergencyOffer(Button... extra) {
            String lang = state.getLanguage();
            List<Button> buttons = new ArrayList<>(List.of(extra));
            buttons.add(state.inFlow() && !FlowCatalog.MAIN.equals(state.getFlow())
                    ? new Button(catalog.texts().get("emergency_continue", lang), AGAIN_PAYLOAD)
                    : new Button(catalog.texts().get("menu_button", lang), MENU_PAYLOAD));
            out.removeIf(o -> o instanceof Outbound.Text t && t.text().equals(catalog.texts().get("emergency", lang)));
            out.add(new Outbound.Choice(catalog.texts().get("emergency", lang), buttons));
        }

        /** As {@link #enter}, with variables handed to the target (set after a new flow's clean slate). */
        void enterWith(String target, Map<String, Object> carried) {
            enter(target, carried);
        }

        /** Moves to {@code target} and runs on until a node waits for the citizen or the flow ends. */
        void enter(String target) {
            enter(target, Map.of());
        }

        private void enter(String target, Map<String, Object> carried) {
            String current = target;
            Map<String, Object> handed = carried;
            for (int step = 0; step < MAX_STEPS; step++) {
                Flow from = catalog.flows().get(state.getFlow() == null ? FlowCatalog.MAIN : state.getFlow());
                String resolved = FlowValidator.resolve(catalog.flows(), from, current);
                if (resolved == null) {
                    throw new IllegalStateException("unknown target " + current);
                }
                String[] parts = resolved.split("/", 2);
                if (!parts[0].equals(state.getFlow())) {
                    // A new flow starts with a clean slate and its own idempotency key.
                    state.getVariables().clear();
                    state.setRunId(newRunId());
                }
                state.getVariables().putAll(handed);
                handed = Map.of();
                Flow flow = catalog.flows().get(parts[0]);
                Node node = flow.node(parts[1]);
                state.moveTo(flow.id(), node.id());
                if (node instanceof Node.Message m) {
                    sayText(m.text().in(state.getLanguage()));
                    current = m.next();
                } else if (node instanceof Node.Goto g) {
                    current = g.target();
                } else if (node instanceof Node.Action a) {
                    current = act(a);
                } else if (node instanceof Node.End end) {
                    String lang = state.getLanguage();
                    if (end.text() != null) {
                        List<Button> buttons = new ArrayList<>();
                        for (Node.CommandButton command : end.commands()) {
                            buttons.add(new Button(command.label().in(lang), render(command.command(), state.getVariables())));
                        }
                        buttons.add(new Button(catalog.texts().get("menu_button", lang), MENU_PAYLOAD));
                        out.add(new Outbound.Choice(render(end.text().in(lang), state.getVariables()), buttons));
                    }
                    String finished = state.getFlow();
                    String again = end.again() == null ? null : render(end.again().in(lang), state.getVariables());
                    state.reset();
                    if (again != null) {
                        state.setFinished(finished, again);
                    }
                    return;
                } else if (node instanceof Node.FreeText t && t.skipIfSet() && accepts(t, state.getVariables().get(t.var()))) {
                    // Answered already (a story typed at the menu is the tip's description).
                    current = t.next();
                } else {
                    prompt(flow, node);
                    return;
                }
            }
            throw new IllegalStateException("more than " + MAX_STEPS + " steps without waiting for the citizen");
        }

        private String act(Node.Action node) {
            FlowAction action = actions.get(node.action());
            ActionContext context = new ActionContext(state.getChannel(), state.getId(), state.getLanguage(),
                    state.isUrgent(), state.getRunId(), java.util.Collections.unmodifiableMap(state.getVariables()),
                    catalog.texts());
            FlowAction.Result result = action.run(context);
            state.getVariables().putAll(result.variables());
            return node.outcomes().getOrDefault(result.outcome(), node.next());
        }

        void reprompt() {
            if (!state.inFlow()) {
                enter("@" + FlowCatalog.MAIN);
                return;
            }
            Flow flow = catalog.flows().get(state.getFlow());
            Node node = flow == null ? null : flow.node(state.getNode());
            if (node == null) {
                state.reset();
                enter("@" + FlowCatalog.MAIN);
                return;
            }
            if (node instanceof Node.Media media) {
                prompt(flow, node);
                return;
            }
            prompt(flow, node);
        }

        private void prompt(Flow flow, Node node) {
            String lang = state.getLanguage();
            String prefix = flow.id() + "/" + node.id() + "/";
            if (node instanceof Node.Choice c) {
                List<Button> buttons = new ArrayList<>();
                for (Node.Option option : dynamicOptions(flow, c, state.getVariables()).shown()) {
                    buttons.add(new Button(option.label().in(lang), prefix + DYNAMIC + option.value()));
                }
                buttons.addAll(optionButtons(prefix, c.options()));
                String question = c.text().in(lang);
                if (c.suggest() != null && state.getVariables().get(c.suggest().from()) != null) {
                    Optional<Node.Option> guess = suggested(c.options(), String.valueOf(state.getVariables().get(c.suggest().from())));
                    if (guess.isPresent()) {
                        // The guess goes first, so confirming it is one tap; the others stay below.
                        Button first = buttons.remove(buttons.size() - c.options().size() + c.options().indexOf(guess.get()));
                        buttons.add(0, first);
                        Map<String, Object> values = new LinkedHashMap<>(state.getVariables());
                        values.put("suggested", guess.get().label().in(lang));
                        question = render(c.suggest().text().in(lang), values);
                    } else {
                        question = c.suggest().none().in(lang);
                    }
                }
                out.add(new Outbound.Choice(render(question, state.getVariables()), buttons,
                        catalog.texts().get("more_options", lang)));
            } else if (node instanceof Node.FreeText t) {
                String text = render(t.text().in(lang), state.getVariables());
                out.add(t.suggestions().isEmpty() ? new Outbound.Text(text)
                        : new Outbound.Choice(text, optionButtons(prefix, t.suggestions())));
            } else if (node instanceof Node.Location l) {
                // The "share my location" label, for channels that have such a button (optional text).
                String share = catalog.texts().texts().containsKey("share_location")
                        ? catalog.texts().get("share_location", lang) : null;
                out.add(new Outbound.AskLocation(render(l.text().in(lang), state.getVariables()),
                        optionButtons(prefix, l.suggestions()), share));
            } else if (node instanceof Node.Media m) {
                int count = mediaList(state.getVariables(), m.var()).size();
                out.add(new Outbound.Choice(render(m.text().in(lang), state.getVariables()), mediaButtonList(flow, m, count)));
            } else if (node instanceof Node.Confirm c) {
                out.add(new Outbound.Choice(render(c.text().in(lang), state.getVariables()), List.of(
                        new Button(catalog.texts().get("yes", lang), prefix + "y"),
                        new Button(catalog.texts().get("no", lang), prefix + "n"))));
            }
        }

        void mediaButtons(Flow flow, Node.Media media, int count) {
            List<Button> buttons = mediaButtonList(flow, media, count);
            if (!buttons.isEmpty()) {
                Outbound last = out.remove(out.size() - 1);
                out.add(new Outbound.Choice(last.text(), buttons));
            }
        }

        private List<Button> mediaButtonList(Flow flow, Node.Media media, int count) {
            String payload = flow.id() + "/" + media.id() + "/done";
            if (count > 0) {
                return List.of(new Button(catalog.texts().get("done", state.getLanguage()), payload));
            }
            return media.optional() ? List.of(new Button(catalog.texts().get("skip", state.getLanguage()), payload)) : List.of();
        }

        private List<Button> optionButtons(String prefix, List<Node.Option> options) {
            List<Button> buttons = new ArrayList<>();
            for (int i = 0; i < options.size(); i++) {
                buttons.add(new Button(options.get(i).label().in(state.getLanguage()), prefix + i));
            }
            return buttons;
        }
    }

    /** Whether a value already set for a free-text node would pass its checks (length, pattern). */
    private static boolean accepts(Node.FreeText node, Object value) {
        if (!(value instanceof String text)) {
            return false;
        }
        int length = text.codePointCount(0, text.length());
        return length >= node.min() && length <= node.max() && (node.pattern() == null
                || Pattern.compile(node.pattern(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text).matches());
    }

    /**
     * The option whose label or a synonym appears in the text as whole words, without accents; the
     * longest such phrase wins ("lua dao qua mang" over "lua dao"). Empty if none matches.
     */
    static Optional<Node.Option> suggested(List<Node.Option> options, String text) {
        return suggested(options, text, 1);
    }

    /** As {@link #suggested(List, String)}, counting only phrases of at least {@code minWords} words. */
    static Optional<Node.Option> suggested(List<Node.Option> options, String text, int minWords) {
        String folded = " " + Folding.foldWords(text) + " ";
        Node.Option best = null;
        int bestLength = 0;
        for (Node.Option option : options) {
            List<String> phrases = new ArrayList<>(option.synonyms());
            phrases.addAll(option.label().byLanguage().values());
            for (String phrase : phrases) {
                String p = Folding.foldWords(phrase);
                if (p.length() > bestLength && !p.isEmpty() && p.split(" ").length >= minWords
                        && folded.contains(" " + p + " ")) {
                    best = option;
                    bestLength = p.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    static String render(String template, Map<String, ?> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Object value = values.get(m.group(1));
            String text = value == null ? "—" : value instanceof List<?> l ? String.valueOf(l.size()) : String.valueOf(value);
            m.appendReplacement(sb, Matcher.quoteReplacement(text));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
