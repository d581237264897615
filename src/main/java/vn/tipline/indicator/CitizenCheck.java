package vn.tipline.indicator;

import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A citizen's check of a number, account, website or profile. It answers only from indicators
 * officers confirmed: an unverified report never answers, so an honest person named in a false
 * tip is not defamed. A check is counted on the confirmed indicator it found, and nowhere else:
 * nothing records who checked, and a value not found leaves no trace.
 */
@Service
class CitizenCheck {

    private static final Pattern DIGITS = Pattern.compile("[\\d .\\-]{6,30}");
    private static final Pattern HANDLE = Pattern.compile("@?([A-Za-z][A-Za-z0-9_.]{3,31}[A-Za-z0-9])");
    private static final List<String> PLATFORMS = List.of("zalo", "facebook", "telegram");

    private final IndicatorExtractor extractor;
    private final IndicatorStore store;

    CitizenCheck(IndicatorExtractor extractor, IndicatorStore store) {
        this.extractor = extractor;
        this.store = store;
    }

    /** A confirmed indicator found, and how many tips named it. */
    record Hit(IndicatorType type, String value, int reports) {
    }

    /** Empty: nothing checkable in the text. Otherwise the confirmed hits, possibly none. */
    Optional<List<Hit>> check(String typed) {
        Set<Indicator> candidates = candidates(typed);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        List<Hit> hits = new ArrayList<>();
        for (Indicator candidate : candidates) {
            store.get(IndicatorStore.idOf(candidate)).filter(r -> r.status() == IndicatorRecord.Status.CONFIRMED)
                    .ifPresent(r -> {
                        store.countCheck(r.id());
                        hits.add(new Hit(r.type(), r.value(), r.reports()));
                    });
        }
        return Optional.of(hits);
    }

    /**
     * What the text may name. A citizen types a bare value ("0071000123456", "@abc", "abc.com")
     * without the words a tip has around it, so a bare number is tried as a phone, an account and
     * a wallet, and a bare name as a profile on each platform.
     */
    private Set<Indicator> candidates(String typed) {
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
