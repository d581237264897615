package vn.tipline.tip;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.tipline.conversation.ActionContext;
import vn.tipline.conversation.FlowAction;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The flow actions of the follow-up: {@code tip.questions} (the officers' pending questions on a
 * tip, found by receipt code) and {@code tip.answer} (the reporter's answer to them). Holding the
 * receipt code is what entitles a reporter to read and answer, from any chat, as with /status.
 */
@Configuration(proxyBeanMethods = false)
class FollowUpActions {

    static final String NOT_FOUND = "not_found";
    static final String MALFORMED = "malformed";
    static final String NONE = "none";

    @Bean
    FlowAction tipQuestionsAction(TipService tips) {
        return new FlowAction() {
            @Override
            public String name() {
                return "tip.questions";
            }

            @Override
            public Set<String> outcomes() {
                return Set.of(NOT_FOUND, MALFORMED, NONE);
            }

            @Override
            public Result run(ActionContext context) {
                String typed = code(context);
                if (!TipService.isWellFormedCode(typed)) {
                    return Result.of(MALFORMED);
                }
                Optional<Tip> tip = tips.findByCode(typed);
                if (tip.isEmpty()) {
                    return Result.of(NOT_FOUND);
                }
                List<TimelineEntry> open = FollowUps.pending(tip.get());
                if (open.isEmpty()) {
                    return new Result(NONE, Map.of("tip_code", tip.get().getCode()));
                }
                StringBuilder list = new StringBuilder();
                for (int i = 0; i < open.size(); i++) {
                    list.append(i == 0 ? "" : "\n").append(i + 1).append(". ").append(open.get(i).text());
                }
                return Result.ok(Map.of("tip_code", tip.get().getCode(), "questions", list.toString(),
                        "question_count", String.valueOf(open.size())));
            }
        };
    }

    @Bean
    FlowAction tipAnswerAction(TipService tips, FollowUps followUps) {
        return new FlowAction() {
            @Override
            public String name() {
                return "tip.answer";
            }

            @Override
            public Set<String> outcomes() {
                return Set.of(NOT_FOUND, NONE);
            }

            @Override
            public List<String> requiredTexts() {
                // Not read here: the officer's side sends them, and startup should check them all the same.
                return List.of(FollowUps.QUESTION_TEXT, FollowUps.REPLY_BUTTON);
            }

            @Override
            public Result run(ActionContext context) {
                Optional<Tip> tip = tips.findByCode(code(context));
                if (tip.isEmpty()) {
                    return Result.of(NOT_FOUND);
                }
                String answer = context.text("answer");
                if (answer == null || answer.isBlank()) {
                    return Result.of(NONE);
                }
                boolean sameChat = context.reporterKey() != null && context.reporterKey().equals(tip.get().getReporterKey());
                FollowUps.Answered result = followUps.answer(tip.get(), "a" + context.runId(), answer, sameChat);
                return result == FollowUps.Answered.SAVED ? Result.ok(Map.of("tip_code", tip.get().getCode()))
                        : Result.of(NONE);
            }
        };
    }

    private static String code(ActionContext context) {
        String known = context.text("tip_code");
        return known != null ? known : context.text("code");
    }
}
