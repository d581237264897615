package vn.tipline.conversation;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a broken flow file into a readable startup failure instead of a bare stack trace. */
class FlowFailureAnalyzer extends AbstractFailureAnalyzer<FlowValidationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, FlowValidationException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the conversation flow files listed above (see conversation-flows/README.md for the format), then start again.",
                cause);
    }
}
