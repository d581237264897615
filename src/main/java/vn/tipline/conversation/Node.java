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
                  String next) implements Node {

        public Choice(String id, LocalizedText text, String var, List<Option> options) {
            this(id, text, var, options, null, null);
        }
    }

    record Option(String value, LocalizedText label, List<String> synonyms, String next) {
    }

    /** Free text with bounds; suggestions are buttons that answer with their label. */
    record FreeText(String id, LocalizedText text, String var, int min, int max, String pattern,
                    LocalizedText patternError, List<Option> suggestions, String next) implements Node {
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

    /** Ends the conversation, optionally saying something; a menu button brings the citizen back. */
    record End(String id, LocalizedText text) implements Node {
    }
}
