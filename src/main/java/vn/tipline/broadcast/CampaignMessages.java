package vn.tipline.broadcast;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import vn.tipline.conversation.Button;
import vn.tipline.conversation.FlowCatalog;
import vn.tipline.conversation.Languages;
import vn.tipline.conversation.Outbound;

import java.util.List;

/** A campaign's message as a subscriber gets it: what the dispatcher sends and the officers' preview shows. */
@Component
class CampaignMessages {

    static final String UNSUBSCRIBE_BUTTON = "broadcast_unsubscribe_button";

    private final ObjectProvider<FlowCatalog> flows;

    CampaignMessages(ObjectProvider<FlowCatalog> flows) {
        this.flows = flows;
    }

    /** The text in {@code language} (English only when the campaign has it), with the picture if any, and the unsubscribe button. */
    List<Outbound> of(String textVi, String textEn, String imageId, String imageType, String language) {
        boolean english = "en".equals(language) && textEn != null;
        String lang = Languages.supported(language) ? language : Languages.DEFAULT;
        String label = flows.getObject().texts().get(UNSUBSCRIBE_BUTTON, lang);
        Outbound.Choice text = new Outbound.Choice(english ? textEn : textVi, List.of(new Button(label, "/stop")));
        // With a picture: the picture first (Telegram folds a short text into its caption: one message).
        return imageId == null ? List.of(text) : List.of(new Outbound.Media(imageId, imageType, null), text);
    }
}
