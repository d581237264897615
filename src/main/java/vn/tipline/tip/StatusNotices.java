package vn.tipline.tip;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import vn.tipline.conversation.Button;
import vn.tipline.conversation.FlowCatalog;
import vn.tipline.conversation.Languages;
import vn.tipline.conversation.Outbound;

import java.util.List;

/**
 * A short message to a reporter who asked for one ({@code /notify CODE}) when their tip's status
 * changes: the code and the status in plain words, never who changed it. It takes the follow-up
 * questions' path (pseudonymous key to the channel's sender: the web chat's inbox, or the outbox,
 * which drops what Zalo refuses outside its 7-day window), so the tip holds no address. No notice
 * for a tip judged spam: the reporter sees it only as closed, when they look.
 */
@Service
class StatusNotices {

    private static final Logger log = LoggerFactory.getLogger(StatusNotices.class);
    static final String TEXT = "status_notice";
    static final String BUTTON = "status_notice_button";

    private final ReporterMessages messenger;
    /** Lazily: the flow catalog needs the flow actions, which need the tip services. */
    private final ObjectProvider<FlowCatalog> flows;

    StatusNotices(ReporterMessages messenger, ObjectProvider<FlowCatalog> flows) {
        this.messenger = messenger;
        this.flows = flows;
    }

    void statusChanged(Tip tip, TipStatus to) {
        if (!tip.isNotifyReporter() || tip.getReporterKey() == null || to == TipStatus.REJECTED_SPAM) {
            return;
        }
        String language = Languages.supported(tip.getLanguage()) ? tip.getLanguage() : Languages.DEFAULT;
        String status = flows.getObject().texts().get(to.citizenTextKey(), language);
        String text = flows.getObject().texts().get(TEXT, language).replace("{{tip_code}}", tip.getCode())
                .replace("{{status}}", status);
        Button check = new Button(flows.getObject().texts().get(BUTTON, language), "/status " + tip.getCode());
        boolean queued = messenger.send(tip.getReporterKey(), List.of(new Outbound.Choice(text, List.of(check))));
        log.info("Status notice for tip {} {}", tip.getCode(), queued ? "queued for the reporter" : "not deliverable");
    }
}
