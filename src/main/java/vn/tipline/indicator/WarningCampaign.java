package vn.tipline.indicator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import vn.tipline.account.AuditLog;
import vn.tipline.account.Officer;
import vn.tipline.broadcast.Audience;
import vn.tipline.broadcast.Campaign;
import vn.tipline.broadcast.Campaigns;
import vn.tipline.conversation.FlowCatalog;
import vn.tipline.conversation.Languages;
import vn.tipline.conversation.SystemTexts;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Drafts a security-news campaign warning about the confirmed indicators of the officer's scope,
 * through the broadcast feature's own rules (who may draft, length, audience, approval by another
 * officer). Its wording is the {@code indicator_campaign} text in messages.yaml, in both languages.
 */
@Service
class WarningCampaign {

    static final String TEXT = "indicator_campaign";
    static final String TITLE = "indicator_campaign_title";
    /** Enough for a warning people read; more belongs in a second campaign. */
    static final int MAX_LISTED = 20;

    private final IndicatorDesk desk;
    private final Campaigns campaigns;
    private final ObjectProvider<FlowCatalog> flows;
    private final IndicatorExtractor extractor;
    private final AuditLog audit;

    WarningCampaign(IndicatorDesk desk, Campaigns campaigns, ObjectProvider<FlowCatalog> flows, IndicatorExtractor extractor,
                    AuditLog audit) {
        this.desk = desk;
        this.campaigns = campaigns;
        this.flows = flows;
        this.extractor = extractor;
        this.audit = audit;
    }

    /** The draft; empty when nothing in the officer's scope is confirmed. Refusals are the broadcast feature's. */
    Optional<Campaign> draft(Officer officer) {
        List<IndicatorRecord> confirmed = desk.confirmedInScope(officer);
        if (confirmed.isEmpty()) {
            return java.util.Optional.empty();
        }
        String list = confirmed.stream().limit(MAX_LISTED).map(this::line).collect(Collectors.joining("\n"));
        SystemTexts texts = flows.getObject().texts();
        Campaign campaign = campaigns.create(Campaigns.Actor.of(officer), new Campaigns.Draft(
                texts.get(TITLE, Languages.DEFAULT), texts.get(TEXT, "vi").replace("{{indicators}}", list),
                texts.get(TEXT, "en").replace("{{indicators}}", list), audience(officer), null));
        audit.record(officer.username(), AuditLog.Action.INDICATOR_CAMPAIGN, campaign.id(),
                Math.min(MAX_LISTED, confirmed.size()) + " confirmed indicators");
        return java.util.Optional.of(campaign);
    }

    private String line(IndicatorRecord indicator) {
        String banks = indicator.qualifiers().stream().map(extractor::qualifierName).sorted().collect(Collectors.joining(", "));
        return "• " + indicator.value() + (banks.isEmpty() ? "" : " (" + banks + ")");
    }

    /** A supervisor's province; everyone else's draft goes to the whole country, narrowed by the approver if need be. */
    private static Audience audience(Officer officer) {
        List<Integer> provinces = officer.province() != null && officer.province().matches("\\d{1,3}")
                ? List.of(Integer.parseInt(officer.province())) : List.of();
        return new Audience(provinces, List.of(), List.of(), List.of());
    }
}
