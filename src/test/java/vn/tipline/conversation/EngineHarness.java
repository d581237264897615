package vn.tipline.conversation;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Replays a script of messages against the real flow files, with recording actions. */
public final class EngineHarness {

    static final Path FLOWS = Path.of("conversation-flows");

    final List<ActionContext> created = new ArrayList<>();
    final List<byte[]> evidence = new ArrayList<>();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));
    final FlowEngine engine;
    final ConversationState state = new ConversationState("key-1", "test", "vi");
    List<Outbound> last = List.of();

    EngineHarness() {
        this(List.of());
    }

    EngineHarness(List<FlowAction> extra) {
        this(extra, null);
    }

    /** With {@code store} instead of the harness's own, which keeps every non-empty file (videos uncleaned). */
    EngineHarness(EvidenceStore store) {
        this(List.of(), store);
    }

    private EngineHarness(List<FlowAction> extra, EvidenceStore given) {
        List<FlowAction> actions = new ArrayList<>(List.of(recordingCreate(), fakeStatus(), quota(), whenAsTyped(), placeAsTyped()));
        actions.addAll(extra);
        actions.addAll(stubsForOtherActions(actions));
        FlowCatalog catalog = new FlowValidator(actions).load(sources());
        EvidenceStore store = given != null ? given : (media, held) -> {
            if (media.data().length == 0) {
                throw new EvidenceStore.UnsupportedEvidenceException("empty");
            }
            evidence.add(media.data());
            return new EvidenceStore.Saved("ev" + evidence.size(), media.contentType() == null
                    || !media.contentType().startsWith("video/"));
        };
        engine = new FlowEngine(catalog, actions, store, new EngineSettings(4000, Duration.ofMinutes(30)), clock);
    }

    /**
     * Every other action the flow files call (other features' actions), as a stand-in that answers
     * {@code ok} and accepts the outcomes the flows branch on: these scripts test the engine and
     * the report flow, not those features.
     */
    public static List<FlowAction> stubsForOtherActions(List<FlowAction> given) {
        java.util.Map<String, Set<String>> outcomes = new java.util.TreeMap<>();
        FlowParser parser = new FlowParser();
        for (FlowSource source : sources()) {
            if (source.name().equals(FlowParser.MESSAGES_FILE)) {
                continue;
            }
            Flow flow = parser.parseFlow(source);
            if (flow == null) {
                continue;
            }
            for (Node node : flow.nodes().values()) {
                if (node instanceof Node.Action a) {
                    outcomes.computeIfAbsent(a.action(), k -> new java.util.HashSet<>()).addAll(a.outcomes().keySet());
                }
            }
        }
        given.forEach(a -> outcomes.remove(a.name()));
        List<FlowAction> stubs = new ArrayList<>();
        outcomes.forEach((name, names) -> stubs.add(new FlowAction() {
            public String name() {
                return name;
            }

            public Set<String> outcomes() {
                return names;
            }

            public Result run(ActionContext context) {
                return Result.ok(Map.of());
            }
        }));
        return stubs;
    }

    static List<FlowSource> sources() {
        try {
            return FlowFiles.fromDirectory(FLOWS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    EngineHarness send(Inbound inbound) {
        last = engine.handle(state, inbound);
        return this;
    }

    EngineHarness say(String text) {
        return send(new Inbound.Text(text));
    }

    EngineHarness press(String labelPart) {
        for (Outbound out : last) {
            List<Button> buttons = out instanceof Outbound.Choice c ? c.buttons() : List.of();
            for (Button b : buttons) {
                if (b.label().contains(labelPart)) {
                    return send(new Inbound.ButtonPress(b.payload()));
                }
            }
        }
        throw new AssertionError("no button containing '" + labelPart + "' in " + last);
    }

    String text() {
        return String.join("\n", last.stream().map(Outbound::text).toList());
    }

    List<Button> buttons() {
        return last.stream().filter(o -> o instanceof Outbound.Choice).flatMap(o -> ((Outbound.Choice) o).buttons().stream()).toList();
    }

    private FlowAction recordingCreate() {
        return new FlowAction() {
            public String name() {
                return "tip.create";
            }

            public Set<String> outcomes() {
                return Set.of("limited");
            }

            public Result run(ActionContext context) {
                if (quotaLeft <= 0) {
                    return Result.of("limited");
                }
                quotaLeft--;
                created.add(context);
                return Result.ok(Map.of("tip_code", "TG-TEST-" + created.size()));
            }
        };
    }

    int quotaLeft = 100;

    /** police.locate as the words alone (the police feature's reading of places is tested there). */
    private static FlowAction placeAsTyped() {
        return new FlowAction() {
            public String name() {
                return "police.locate";
            }

            public Set<String> outcomes() {
                return Set.of("choose");
            }

            public Result run(ActionContext context) {
                return Result.ok(Map.of("place_shown", String.valueOf(context.text("place")), "place_note", ""));
            }
        };
    }

    /** tip.when as the words alone (reading dates is the tip feature's, tested there). */
    private static FlowAction whenAsTyped() {
        return new FlowAction() {
            public String name() {
                return "tip.when";
            }

            public Result run(ActionContext context) {
                return Result.ok(Map.of("when_shown", String.valueOf(context.text("when"))));
            }
        };
    }

    private FlowAction quota() {
        return new FlowAction() {
            public String name() {
                return "tip.quota";
            }

            public Set<String> outcomes() {
                return Set.of("limited");
            }

            public Result run(ActionContext context) {
                return quotaLeft > 0 ? Result.ok(Map.of()) : Result.of("limited");
            }
        };
    }

    private static FlowAction fakeStatus() {
        return new FlowAction() {
            public String name() {
                return "tip.status";
            }

            public Set<String> outcomes() {
                return Set.of("not_found", "malformed");
            }

            public List<String> requiredTexts() {
                return List.of("status_new");
            }

            public Result run(ActionContext context) {
                String code = context.text("code");
                if (code.equalsIgnoreCase("TG-2345-6789")) {
                    return Result.ok(Map.of("tip_code", "TG-2345-6789", "tip_status_label", context.message("status_new"),
                            "tip_created", "25/11/2026"));
                }
                return Result.of(code.startsWith("TG") ? "not_found" : "malformed");
            }
        };
    }

    /** A clock that moves only when told to. */
    public static final class MutableClock extends Clock {
        private Instant now;

        public MutableClock(Instant now) {
            this.now = now;
        }

        public void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
