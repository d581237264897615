package vn.tipline.indicator;

import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a bare value may name. A citizen types a value ("0071000123456", "@abc", "abc.com") without
 * the words a tip has around it, so a bare number is tried as a phone, an account and a wallet, and
 * a bare name as a profile on each platform. A line of the {@link ReferenceList} is read the same
 * way, so a listed value and a typed one meet on the same stored form.
 */
@Component
class Candidates {

    private static final Pattern DIGITS = Pattern.compile("[\\d .\\-]{6,30}");
    private static final Pattern HANDLE = Pattern.compile("@?([A-Za-z][A-Za-z0-9_.]{3,31}[A-Za-z0-9])");
    private static final List<String> PLATFORMS = List.of("zalo", "facebook", "telegram");

    private final IndicatorExtractor extractor;

    Candidates(IndicatorExtractor extractor) {
        this.extractor = extractor;
    }

    Set<Indicator> of(String typed) {
        String text = typed == null ? "" : typed.strip();
        Set<Indicator> found = new LinkedHashSet<>();
        for (Indicator indicator : extractor.extract(text)) {
            found.add(indicator);
            if (indicator.type() == IndicatorType.PHONE) {
                found.add(new Indicator(IndicatorType.EWALLET, indicator.value(), null));
                found.add(new Indicator(IndicatorType.SOCIAL, "zalo:" + indicator.value(), null));
            }
        }
        if (DIGITS.matcher(text).matches()) {
            String digits = text.replaceAll("\\D", "");
            Numbers.phone(text).ifPresent(phone -> {
                found.add(new Indicator(IndicatorType.PHONE, phone, null));
                found.add(new Indicator(IndicatorType.EWALLET, phone, null));
                found.add(new Indicator(IndicatorType.SOCIAL, "zalo:" + phone, null));
            });
            found.add(new Indicator(IndicatorType.BANK_ACCOUNT, digits, null));
            found.add(new Indicator(IndicatorType.EWALLET, digits, null));
        }
        Matcher handle = HANDLE.matcher(text);
        if (handle.matches()) {
            PLATFORMS.forEach(p -> found.add(new Indicator(IndicatorType.SOCIAL,
                    p + ":" + handle.group(1).toLowerCase(Locale.ROOT), null)));
        }
        return found;
    }
}
