package vn.tipline.conversation;

import java.util.List;
import java.util.Map;

/**
 * The closed set of step kinds a flow is made of. Targets name a node of the same flow
 * ({@code describe}) or another flow ({@code @report}, {@code @report/describe}).
 */
public sealed interface Node {

    String id();

    /** Says something and moves on. */
    record Message(String id, LocalizedText text, String next) implements Node {
    }

    /**
     * Offers buttons; typed text matching a label, a synonym or an option number picks it too.
     * With {@code optionsFrom}, the first buttons come from that variable (a list of
     * {@code {value, label, synonyms?, hidden?}} set by an action) and lead to {@code next}; the
     * fixed {@code options} follow them. Hidden entries get no button but can be typed.
     */
    record Choice(String id, LocalizedText text, String var, List<Option> options, String optionsFrom,
                  String next, Otherwise otherwise, Suggest suggest) implements Node {

        public Choice(String id, LocalizedText text, String var, List<Option> options) {
            this(id, text, var, options, null, null, null, null);
        }
    }

    /**
     * What typed text that picks no option does at a choice: at least {@code min} characters go,
     * as {@code var}, to {@code next} (a story typed at the menu starts a tip) instead of "pick a button".
     */
    record Otherwise(String var, int min, String next) {
    }

    /**
     * A choice that guesses its answer from a variable (the story typed at the menu): the option
     * whose label or synonym appears in it comes first, and {@code text} (with {@code {{suggested}}})
     * replaces the question; {@code none} is said when nothing matches.
     */
    record Suggest(String from, LocalizedText text, LocalizedText none) {
    }

    record Option(String value, LocalizedText label, List<String> synonyms, String next) {
    }

    /** Free text with bounds; suggestions are buttons that answer with their label. */
    record FreeText(String id, LocalizedText text, String var, int min, int max, String pattern,
                    LocalizedText patternError, List<Option> suggestions, String next, boolean skipIfSet) implements Node {
    }

    /**
     * A shared point or a typed address of at least {@code min} characters; fills {@code var},
     * {@code var_lat}, {@code var_lon}. Suggestions are buttons beside the question, as for free text.
     */
    record Location(String id, LocalizedText text, String var, int min, List<Option> suggestions, String next)
            implements Node {

        public Location(String id, LocalizedText text, String var, String next) {
            this(id, text, var, 3, List.of(), next);
        }
    }

    /** Photos or files, optional, several; fills {@code var} with a list of evidence ids. */
    record Media(String id, LocalizedText text, String var, int max, boolean optional, String next) implements Node {
    }

    /** Yes or no. */
    record Confirm(String id, LocalizedText text, String yes, String no) implements Node {
    }

    /** Jumps to another node or flow. */
    record Goto(String id, String target) implements Node {
    }

    /** Calls a named Java action; its outcome picks the next node ({@code next} unless listed). */
    record Action(String id, String action, String next, Map<String, String> outcomes) implements Node {
    }

    /**
     * Ends the conversation, optionally saying something; a menu button brings the citizen back,
     * after the {@code commands} buttons (each a command, such as {@code /status {{tip_code}}}).
     * {@code again} is what a button of the finished flow pressed later says (a second "Yes, send").
     */
    record End(String id, LocalizedText text, List<CommandButton> commands, LocalizedText again) implements Node {

        public End(String id, LocalizedText text) {
            this(id, text, List.of(), null);
        }
    }

    /** A button that acts as typing {@code command} (placeholders filled from the flow's variables). */
    record CommandButton(LocalizedText label, String command) {
    }
}
