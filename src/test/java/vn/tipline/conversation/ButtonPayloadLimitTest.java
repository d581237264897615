package vn.tipline.conversation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Button payloads ("flow/node/choice") must fit Telegram's 64-byte callback_data: checked when flows load. */
class ButtonPayloadLimitTest {

    private static List<FlowSource> withMain(String nodeId) {
        List<FlowSource> sources = new ArrayList<>(FlowFiles.read("").stream()
                .filter(s -> s.name().equals("messages.yaml")).toList());
        sources.add(new FlowSource("main.yaml", """
                id: main
                start: %1$s
                nodes:
                  %1$s:
                    type: choice
                    var: choice
                    text: {vi: "Chọn", en: "Pick"}
                    options:
                      - value: a
                        label: {vi: "A", en: "A"}
                        next: finish
                  finish:
                    type: end
                    text: {vi: "Xong", en: "Done"}
                """.formatted(nodeId)));
        return sources;
    }

    @Test
    void idsThatWouldMakePayloadsLongerThanTelegramAllowsAreRefused() {
        String tooLong = "n".repeat(55);   // "main/" + 55 + "/done" = 65 bytes
        assertThatThrownBy(() -> new FlowValidator(List.of()).load(withMain(tooLong)))
                .isInstanceOf(FlowValidationException.class)
                .hasMessageContaining(tooLong).hasMessageContaining("64 bytes");
        String fits = "n".repeat(54);
        assertThat(new FlowValidator(List.of()).load(withMain(fits)).main().node(fits)).isNotNull();
    }

    @Test
    void thePackagedFlowsFitAndEveryLocationQuestionHasAShareLabel() {
        assertThat(FlowFiles.read("")).isNotEmpty();
        SystemTexts texts = new FlowValidator(EngineHarness.stubsForOtherActions(List.of()))
                .load(FlowFiles.read("")).texts();
        for (String language : Languages.ALL) {
            assertThat(texts.get("share_location", language)).isNotBlank().isNotEqualTo("share_location");
            assertThat(texts.get("group_chat_refusal", language)).isNotBlank().isNotEqualTo("group_chat_refusal");
        }
    }

    private static FlowAction named(String name, String... outcomes) {
        return new FlowAction() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public java.util.Set<String> outcomes() {
                return java.util.Set.of(outcomes);
            }

            @Override
            public Result run(ActionContext context) {
                return Result.ok(java.util.Map.of());
            }
        };
    }
}
