package vn.tipline.indicator;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param referenceList a CSV of verified indicators ({@code type,value,reports}) that citizens'
 *                      checks answer from beside the officers' confirmed ones; blank for none
 */
@ConfigurationProperties("tipline.indicators")
record IndicatorProperties(String referenceList) {
}
