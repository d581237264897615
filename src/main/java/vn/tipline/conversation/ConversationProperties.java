package vn.tipline.conversation;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param idleTimeout     a conversation idle this long is ended and its draft deleted
 * @param forgetAfter     a conversation idle this long is deleted altogether
 * @param maxText         the longest message accepted, in characters
 * @param defaultLanguage the language of a new conversation
 */
@ConfigurationProperties(prefix = "tipline.conversation")
public record ConversationProperties(Duration idleTimeout, Duration forgetAfter, int maxText, String defaultLanguage) {

    public ConversationProperties {
        if (idleTimeout == null) {
            idleTimeout = Duration.ofMinutes(30);
        }
        if (forgetAfter == null) {
            forgetAfter = Duration.ofDays(30);
        }
        if (maxText <= 0) {
            maxText = 4000;
        }
        if (defaultLanguage == null || !Languages.supported(defaultLanguage)) {
            defaultLanguage = Languages.DEFAULT;
        }
    }
}
