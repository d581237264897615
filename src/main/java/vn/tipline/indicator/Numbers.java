package vn.tipline.indicator;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone numbers, bank accounts and e-wallet ids. libphonenumber finds and normalises the phone
 * numbers (any spelling: "0901 234 567", "090.123.4567", "+84 901234567"). What a run of digits
 * is depends on the nearest word before it: a bank or "STK" makes it an account, "MoMo" a wallet,
 * "sđt" or "gọi" a phone. A run with no such word is a phone if libphonenumber says it is one,
 * and nothing otherwise: a bare number is never taken for an account.
 */
final class Numbers {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** Digits in groups separated by one space, dot or dash; an optional "+" for international numbers. */
    private static final Pattern RUN = Pattern.compile("(?<![\\p{L}\\p{N}.,])\\+?\\d(?:[ .\\-]?\\d){5,22}(?![\\p{L}\\p{N}]|[.,]\\d)");
    /** "5.000.000", "500.000đ", "3 triệu": amounts, not identifiers. */
    private static final Pattern THOUSANDS = Pattern.compile("\\d{1,3}(?:[.,]\\d{3})+");
    private static final Pattern CURRENCY = Pattern.compile("^\\s?(?:d|vnd|dong|k|tr|trieu|nghin|ngan(?!\\s+hang)|usd|\\$)(?![\\p{L}])");
    private static final int BEFORE = 40;
    private static final int AFTER = 25;
    private static final int MIN_ACCOUNT = 6;
    private static final int MAX_ACCOUNT = 19;
    /** A bank named further before a valid phone number is what the text is about, not the number's bank. */
    private static final int BANK_REACH_OVER_PHONE = 12;

    private final Vocabulary words;

    Numbers(Vocabulary words) {
        this.words = words;
    }

    private record Span(int start, int end, String digits, List<PhoneNumberMatch> phones) {
    }

    void find(String text, String folded, List<Indicator> out) {
        List<PhoneNumberMatch> phones = new ArrayList<>();
        PHONES.findNumbers(text, "VN", PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE).forEach(phones::add);
        List<Span> spans = new ArrayList<>();
        Matcher run = RUN.matcher(text);
        while (run.find()) {
            String written = run.group();
            if (THOUSANDS.matcher(written).matches() || CURRENCY.matcher(folded.substring(run.end())).find()) {
                continue;
            }
            int start = run.start();
            int end = run.end();
            List<PhoneNumberMatch> inside = phones.stream().filter(p -> p.start() < end && p.end() > start).toList();
            spans.add(new Span(start, end, written.replaceAll("\\D", ""), inside));
        }
        int previousEnd = 0;
        for (int i = 0; i < spans.size(); i++) {
            Span span = spans.get(i);
            int nextStart = i + 1 < spans.size() ? spans.get(i + 1).start() : text.length();
            int from = Math.max(previousEnd, span.start() - BEFORE);
            Optional<Vocabulary.Word> word = words.lastIn(folded, from, span.start(), Vocabulary.Kind.values());
            classify(span, word, folded, from, Math.min(nextStart, span.end() + AFTER), out);
            previousEnd = span.end();
        }
    }

    private void classify(Span span, Optional<Vocabulary.Word> word, String folded, int from, int afterEnd, List<Indicator> out) {
        Vocabulary.Kind kind = word.map(Vocabulary.Word::kind).orElse(null);
        if (kind == Vocabulary.Kind.WALLET) {
            String value = span.phones().isEmpty() ? span.digits() : e164(span.phones().get(0));
            out.add(new Indicator(IndicatorType.EWALLET, value, word.get().code()));
            return;
        }
        Optional<String> bankAfter = kind == null ? words.bankIn(folded, span.end(), afterEnd) : Optional.empty();
        boolean bankRightBefore = kind == Vocabulary.Kind.BANK
                && (span.phones().isEmpty() || span.start() - word.get().end() <= BANK_REACH_OVER_PHONE);
        boolean account = bankRightBefore || kind == Vocabulary.Kind.ACCOUNT || bankAfter.isPresent();
        if (account && span.digits().length() >= MIN_ACCOUNT && span.digits().length() <= MAX_ACCOUNT) {
            String bank = kind == Vocabulary.Kind.BANK ? word.get().code()
                    : bankAfter.or(() -> words.bankIn(folded, from, span.start()))
                    .or(() -> words.bankIn(folded, span.end(), afterEnd)).orElse(null);
            out.add(new Indicator(IndicatorType.BANK_ACCOUNT, span.digits(), bank));
            return;
        }
        span.phones().forEach(p -> out.add(new Indicator(IndicatorType.PHONE, e164(p), null)));
    }

    /** A phone number as stored and compared: E.164, or empty when the text is not a valid number. */
    static Optional<String> phone(String typed) {
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(typed, "VN");
            return PHONES.isValidNumber(number)
                    ? Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164)) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    private static String e164(PhoneNumberMatch match) {
        return PHONES.format(match.number(), PhoneNumberUtil.PhoneNumberFormat.E164);
    }
}
