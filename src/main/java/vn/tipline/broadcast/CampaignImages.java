package vn.tipline.broadcast;

import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;
import vn.tipline.channel.PublishedImages;

import java.util.Optional;

/** The web chat may show the picture of a campaign that has started, and nothing else. */
@Component
class CampaignImages implements PublishedImages {

    private final Campaigns campaigns;

    CampaignImages(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @Override
    public Optional<Resource> find(String id) {
        return campaigns.publishedImage(id).map(Resource.class::cast);
    }
}
