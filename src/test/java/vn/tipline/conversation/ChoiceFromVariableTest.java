package vn.tipline.conversation;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The two generic engine extensions the police feature needs: a choice whose buttons come from a
 * variable an action filled ({@code options_from}), and buttons beside a location question
 * ({@code suggestions}). Replayed against small inline flows and the real messages.yaml.
 */
class ChoiceFromVariableTest {

    private static final String MAIN = """
            id: main
            start: menu
            nodes:
              menu:
                type: choice
                var: choice
                text: {vi: "Menu", en: "Menu"}
                options:
                  - value: pick
                    label: {vi: "Chọn", en: "Pick"}
                    next: "@pick"
                  - value: where
                    label: {vi: "Ở đâu", en: "Where"}
                    next: "@where"
            """;

    private static final String PICK = """
            id: pick
            start: load
            nodes:
              load:
                type: action
                action: test.list
                next: list
              list:
                type: choice
                var: picked
                options_from: items
                text: {vi: "Chọn một ({{page}})", en: "Pick one ({{page}})"}
                next: picked
                options:
                  - value: again
                    label: {vi: "Tìm lại", en: "Search again"}
                    next: load
              picked:
                type: action
                action: test.pick
                next: done
                outcomes:
                  page: list
              done:
                type: end
                text: {vi: "Đã chọn {{picked}} ({{picked_label}})", en: "Picked {{picked}} ({{picked_label}})"}
            """;

    private static final String WHERE = """
            id: where
            start: ask
            nodes:
              ask:
                type: location
                var: place
                min: 2
                text: {vi: "Gửi vị trí hoặc gõ tên", en: "Share a location or type a name"}
                suggestions:
                  - value: browse
                    label: {vi: "Chọn theo tỉnh", en: "Pick by province"}
                    next: browse
                next: typed
              typed:
                type: end
                text: {vi: "Nơi: {{place}}", en: "Place: {{place}}"}
              browse:
                type: end
                text: {vi: "Danh sách tỉnh ({{place_value}})", en: "Provinces ({{place_value}})"}
            """;

    private final List<String> picks = new ArrayList<>();

    private final FlowAction list = new FlowAction() {
        public String name() {
            return "test.list";
        }

        public Result run(ActionContext context) {
            return Result.ok(Map.of("items", page(1), "page", "1"));
        }
    };

    private final FlowAction pick = new FlowAction() {
        public String name() {
            return "test.pick";
        }

        public Set<String> outcomes() {
            return Set.of("page");
        }

        public Result run(ActionContext context) {
            String value = context.text("picked");
            picks.add(value);
            if (value.startsWith("page:")) {
                int page = Integer.parseInt(value.substring(5));
                return new Result("page", Map.of("items", page(page), "page", String.valueOf(page)));
            }
            return Result.ok(Map.of());
        }
    };

    private static List<Map<String, Object>> page(int page) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int n = (page - 1) * 3 + i;
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("value", "c:" + n);
            item.put("label", "Phường " + n);
            if (n == 2) {
                item.put("synonyms", List.of("hai"));
            }
            items.add(item);
        }
        items.add(Map.of("value", "x".repeat(60), "label", "Too long a value for a button"));
        items.add(Map.of("value", "c:99", "label", "Phường Chín Chín", "hidden", true));
        items.add(Map.of("label", "No value"));
        items.add(Map.of("value", "page:" + (page + 1), "label", "Trang sau"));
        return items;
    }

    private final ConversationState state = new ConversationState("key", "test", "vi");
    private FlowEngine engine;
    private List<Outbound> last;

    private FlowEngine engine(String... flows) {
        List<FlowSource> sources = new ArrayList<>();
        sources.add(new FlowSource("main.yaml", MAIN));
        for (String flow : flows) {
            String id = flow.lines().findFirst().orElseThrow().substring(4).strip();
            sources.add(new FlowSource(id + ".yaml", flow));
        }
        sources.add(messages());
        List<FlowAction> actions = List.of(list, pick);
        FlowCatalog catalog = new FlowValidator(actions).load(sources);
        return new FlowEngine(catalog, actions, (media, held) -> new EvidenceStore.Saved("ev", true), new EngineSettings(4000, Duration.ofMinutes(30)),
                Clock.systemUTC());
    }

    private static FlowSource messages() {
        try {
            return new FlowSource("messages.yaml", Files.readString(Path.of("conversation-flows/messages.yaml")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(Inbound inbound) {
        last = engine.handle(state, inbound);
    }

    private void press(String labelPart) {
        for (Button b : buttons()) {
            if (b.label().contains(labelPart)) {
                send(new Inbound.ButtonPress(b.payload()));
                return;
            }
        }
        throw new AssertionError("no button '" + labelPart + "' in " + last);
    }

    private List<Button> buttons() {
        List<Button> buttons = new ArrayList<>();
        for (Outbound out : last) {
            if (out instanceof Outbound.Choice c) {
                buttons.addAll(c.buttons());
            } else if (out instanceof Outbound.AskLocation l) {
                buttons.addAll(l.buttons());
            }
        }
        return buttons;
    }

    private String text() {
        return String.join("\n", last.stream().map(Outbound::text).toList());
    }

    @Test
    void buttonsFromTheVariableComeFirstThenTheFixedOptions() {
        engine = engine(PICK, WHERE);
        last = engine.greet(state);
        press("Chọn");
        assertThat(buttons()).extracting(Button::label)
                .containsExactly("Phường 1", "Phường 2", "Phường 3", "Trang sau", "Tìm lại");
        assertThat(buttons()).allSatisfy(b -> assertThat(b.payload().getBytes()).hasSizeLessThanOrEqualTo(64));
        press("Phường 2");
        assertThat(picks).containsExactly("c:2");
        assertThat(text()).contains("Đã chọn c:2 (Phường 2)");
    }

    @Test
    void typedNumberLabelOrSynonymPicksFromTheCombinedList() {
        engine = engine(PICK, WHERE);
        last = engine.greet(state);
        press("Chọn");
        send(new Inbound.Text("3"));
        assertThat(text()).contains("Đã chọn c:3");

        press("Menu chính");
        press("Chọn");
        send(new Inbound.Text("HAI"));
        assertThat(text()).contains("Đã chọn c:2");

        press("Menu chính");
        press("Chọn");
        send(new Inbound.Text("phuong 1"));
        assertThat(text()).contains("Đã chọn c:1");

        press("Menu chính");
        press("Chọn");
        send(new Inbound.Text("5"));
        assertThat(picks).containsExactly("c:3", "c:2", "c:1");
        assertThat(text()).contains("Chọn một (1)");
        assertThat(buttons()).extracting(Button::label).startsWith("Phường 1");
    }

    @Test
    void hiddenOptionsHaveNoButtonNorNumberButCanBeTyped() {
        engine = engine(PICK, WHERE);
        last = engine.greet(state);
        press("Chọn");
        assertThat(buttons()).extracting(Button::label).doesNotContain("Phường Chín Chín");
        String payload = buttons().get(0).payload().replace("c:1", "c:99");
        send(new Inbound.ButtonPress(payload));
        assertThat(text()).contains("Menu này đã cũ");
        send(new Inbound.Text("6"));
        assertThat(text()).contains("Hãy chọn một trong các nút");
        send(new Inbound.Text("phuong chin chin"));
        assertThat(text()).contains("Đã chọn c:99 (Phường Chín Chín)");
    }

    @Test
    void aLocationQuestionTakesTypedTextFromItsMinimumLength() {
        engine = engine(PICK, WHERE);
        last = engine.greet(state);
        press("Ở đâu");
        send(new Inbound.Text("a"));
        assertThat(text()).contains("ít nhất 2 ký tự");
        send(new Inbound.Text("q1"));
        assertThat(text()).contains("Nơi: q1");
    }

    @Test
    void pagingReplacesTheButtonsAndAnOldPagesButtonIsStale() {
        engine = engine(PICK, WHERE);
        last = engine.greet(state);
        press("Chọn");
        String firstPageButton = buttons().get(0).payload();
        press("Trang sau");
        assertThat(text()).contains("Chọn một (2)");
        assertThat(buttons()).extracting(Button::label).startsWith("Phường 4", "Phường 5", "Phường 6");

        send(new Inbound.ButtonPress(firstPageButton));
        assertThat(text()).contains("Menu này đã cũ");
        assertThat(picks).containsExactly("page:2");
        assertThat(buttons()).extracting(Button::label).startsWith("Phường 4");

        press("Phường 5");
        assertThat(text()).contains("Đã chọn c:5");
    }

    @Test
    void anUnknownTypedAnswerAsksToPickAgain() {
        engine = engine(PICK, WHERE);
        last = engine.greet(state);
        press("Chọn");
        send(new Inbound.Text("không có trong danh sách"));
        assertThat(text()).contains("Hãy chọn một trong các nút");
        assertThat(buttons()).extracting(Button::label).startsWith("Phường 1");
    }

    @Test
    void locationQuestionOffersItsSuggestionsAsButtons() {
        engine = engine(PICK, WHERE);
        last = engine.greet(state);
        press("Ở đâu");
        assertThat(last.get(last.size() - 1)).isInstanceOf(Outbound.AskLocation.class);
        press("Chọn theo tỉnh");
        assertThat(text()).contains("Danh sách tỉnh (browse)");

        press("Menu chính");
        press("Ở đâu");
        send(new Inbound.Text("chon theo tinh"));
        assertThat(text()).contains("Danh sách tỉnh (browse)");

        press("Menu chính");
        press("Ở đâu");
        send(new Inbound.Text("Bến Nghé, Quận 1"));
        assertThat(text()).contains("Nơi: Bến Nghé, Quận 1");

        press("Menu chính");
        press("Ở đâu");
        send(new Inbound.Location(10.7769, 106.7009));
        assertThat(text()).contains("Nơi: 10.776900, 106.700900");
    }

    @Test
    void validationNamesMisusedChoiceKeys() {
        String bad = """
                id: bad
                start: a
                nodes:
                  a:
                    type: choice
                    var: x
                    text: {vi: "a", en: "a"}
                    next: b
                    options:
                      - value: one
                        label: {vi: "1", en: "1"}
                        next: b
                  b:
                    type: choice
                    var: y
                    options_from: Not-A-Var
                    text: {vi: "b", en: "b"}
                  c:
                    type: choice
                    var: z
                    options_from: items
                    next: nowhere
                    text: {vi: "c", en: "c"}
                """;
        List<FlowSource> sources = List.of(new FlowSource("main.yaml", MAIN.replace("\"@where\"", "\"@bad\"")
                .replace("\"@pick\"", "\"@bad\"")), new FlowSource("bad.yaml", bad), messages());
        assertThatThrownBy(() -> new FlowValidator(List.of(list, pick)).load(sources))
                .isInstanceOf(FlowValidationException.class)
                .hasMessageContaining("bad.yaml: node 'a': 'next' belongs to a choice with 'options_from'")
                .hasMessageContaining("bad.yaml: node 'b': 'options_from' must name a variable")
                .hasMessageContaining("bad.yaml: node 'b': 'next' is missing")
                .hasMessageContaining("bad.yaml: node 'c': target 'nowhere' does not exist")
                .hasMessageContaining("bad.yaml: node 'c': unreachable");
    }
}
