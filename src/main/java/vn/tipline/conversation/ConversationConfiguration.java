package vn.tipline.conversation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.List;

/** Loads and validates the flows at startup; a broken flow file stops the service here. */
@Configuration(proxyBeanMethods = false)
class ConversationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConversationConfiguration.class);

    @Bean
    FlowCatalog flowCatalog(@Value("${tipline.flows.dir:}") String directory, List<FlowAction> actions) {
        FlowCatalog catalog = new FlowValidator(actions).load(FlowFiles.read(directory));
        log.info("Loaded {} conversation flows from {}: {}", catalog.flows().size(),
                directory == null || directory.isBlank() ? "the packaged conversation-flows" : directory,
                catalog.flows().keySet());
        return catalog;
    }

    @Bean
    FlowEngine flowEngine(FlowCatalog catalog, List<FlowAction> actions, EvidenceStore evidence,
                          ConversationProperties properties, Clock clock) {
        return new FlowEngine(catalog, actions, evidence,
                new EngineSettings(properties.maxText(), properties.idleTimeout()), clock);
    }
}
