package vn.tipline.tip;

import vn.tipline.conversation.Folding;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads when something happened from a citizen's words, in Vietnamese or English ("tối 5/12", "20h
 * hôm qua", "2 ngày trước", "chiều thứ Hai", "yesterday at 8pm"), as a period in Vietnam's time.
 * Hand-written: the date-parsing libraries (Natty, Hawking) know no Vietnamese. Words it does not
 * know are ignored as long as it finds a day or a time; a time in the future, an impossible date, or
 * nothing recognisable gives no period, and the citizen's words stand alone.
 */
final class EventTimes {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    /** From and to (inclusive of both ends for a point; {@code to} exclusive for a whole part of the day). */
    record Period(LocalDateTime from, LocalDateTime to) {

        /** "06/12/2026", "06/12/2026 20:00", "06/12/2026 18:00–22:00", "06/12/2026 22:00–07/12/2026 04:00". */
        String describe() {
            boolean wholeDay = from.toLocalTime().equals(LocalTime.MIDNIGHT) && to.equals(from.plusDays(1));
            if (wholeDay) {
                return DAY.format(from);
            }
            if (from.equals(to)) {
                return DAY.format(from) + " " + TIME.format(from);
            }
            if (to.toLocalDate().equals(from.toLocalDate()) || to.equals(from.toLocalDate().plusDays(1).atStartOfDay())) {
                return DAY.format(from) + " " + TIME.format(from) + "–" + (to.toLocalTime().equals(LocalTime.MIDNIGHT)
                        ? "24:00" : TIME.format(to));
            }
            return DAY.format(from) + " " + TIME.format(from) + "–" + DAY.format(to) + " " + TIME.format(to);
        }
    }

    private static final Pattern NOW = Pattern.compile(
            "\\b(dang dien ra|bay gio|ngay luc nay|luc nay|vua xong|vua moi|happening now|right now|just now|now)\\b");
    private static final Pattern DATE = Pattern.compile("(?<![\\d:])(\\d{1,2})[/.-](\\d{1,2})(?:[/.-](\\d{4}|\\d{2}))?(?![\\d:])");
    private static final Pattern WORDY_DATE = Pattern.compile("\\bngay (\\d{1,2}) thang (\\d{1,2})(?: nam (\\d{4}))?\\b");
    private static final Pattern DAYS_AGO = Pattern.compile("\\b(\\d{1,2}) (?:ngay|hom) (?:truoc|trc)\\b|\\b(\\d{1,2}) days? ago\\b");
    private static final Pattern TWO_DAYS_AGO = Pattern.compile("\\b(hom kia|hom kia|the day before yesterday)\\b");
    private static final Pattern YESTERDAY = Pattern.compile("\\b(hom qua|(?:sang|trua|chieu|toi|dem|khuya) qua|yesterday|last night)\\b");
    private static final Pattern TODAY = Pattern.compile(
            "\\b(hom nay|(?:sang|trua|chieu|toi|dem) nay|today|this (?:morning|afternoon|evening)|tonight)\\b");
    private static final Pattern WEEKDAY = Pattern.compile(
            "\\b(thu (?:hai|ba|tu|nam|sau|bay|[2-7])|chu nhat|cn|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b");
    private static final Pattern LAST_WEEK = Pattern.compile("\\b(tuan truoc|last week)\\b");
    private static final Pattern CLOCK = Pattern.compile("(?<![\\d/.-])(\\d{1,2})(?:\\s*(?:(?:gio|h|g)(?=\\d|\\b)|:(?=\\d))\\s*(\\d{2})?"
            + "(?:\\s*(?:phut|p)\\b)?|(?::(\\d{2}))?\\s*(am|pm)\\b)(?![\\d/])");
    /** Parts of the day with their accents ("tối", not "tôi": folded, both read "toi"), and in English. */
    private static final Pattern PART = Pattern.compile("(?U)(?<!\\w)(buổi sáng|sáng|trưa|buổi chiều|chiều|buổi tối|tối|đêm|khuya"
            + "|morning|noon|afternoon|evening|night|tonight)(?!\\w)");
    /** Typed without accents, a part of the day counts next to a day or a time ("toi qua", "8h toi"). */
    private static final Pattern BARE_PART = Pattern.compile("\\b(sang|trua|chieu|toi|dem|khuya)\\b(?= (?:qua|nay|hom|thu|ngay|cn|chu nhat|\\d))"
            + "|(?<=\\d(?:h|g|gio)? )(sang|trua|chieu|toi|dem|khuya)\\b|(?<=\\d(?:h|g|gio))(sang|trua|chieu|toi|dem|khuya)\\b");

    private static final Map<String, DayOfWeek> WEEKDAYS = Map.ofEntries(
            Map.entry("thu hai", DayOfWeek.MONDAY), Map.entry("thu 2", DayOfWeek.MONDAY),
            Map.entry("thu ba", DayOfWeek.TUESDAY), Map.entry("thu 3", DayOfWeek.TUESDAY),
            Map.entry("thu tu", DayOfWeek.WEDNESDAY), Map.entry("thu 4", DayOfWeek.WEDNESDAY),
            Map.entry("thu nam", DayOfWeek.THURSDAY), Map.entry("thu 5", DayOfWeek.THURSDAY),
            Map.entry("thu sau", DayOfWeek.FRIDAY), Map.entry("thu 6", DayOfWeek.FRIDAY),
            Map.entry("thu bay", DayOfWeek.SATURDAY), Map.entry("thu 7", DayOfWeek.SATURDAY),
            Map.entry("chu nhat", DayOfWeek.SUNDAY), Map.entry("cn", DayOfWeek.SUNDAY),
            Map.entry("monday", DayOfWeek.MONDAY), Map.entry("tuesday", DayOfWeek.TUESDAY),
            Map.entry("wednesday", DayOfWeek.WEDNESDAY), Map.entry("thursday", DayOfWeek.THURSDAY),
            Map.entry("friday", DayOfWeek.FRIDAY), Map.entry("saturday", DayOfWeek.SATURDAY),
            Map.entry("sunday", DayOfWeek.SUNDAY));

    /** A part of the day as hours: start, end (24 = midnight, 28 = 04:00 the next day), and whether 1–11 o'clock means pm. */
    private record Part(int from, int to, boolean afternoon) {
    }

    private static final Map<String, Part> PARTS = Map.ofEntries(
            Map.entry("sang", new Part(6, 11, false)), Map.entry("buoi sang", new Part(6, 11, false)),
            Map.entry("morning", new Part(6, 11, false)),
            Map.entry("trua", new Part(11, 13, false)), Map.entry("noon", new Part(11, 13, false)),
            Map.entry("chieu", new Part(13, 18, true)), Map.entry("buoi chieu", new Part(13, 18, true)),
            Map.entry("afternoon", new Part(13, 18, true)),
            Map.entry("toi", new Part(18, 22, true)), Map.entry("buoi toi", new Part(18, 22, true)),
            Map.entry("evening", new Part(18, 22, true)), Map.entry("tonight", new Part(18, 24, true)),
            Map.entry("dem", new Part(22, 28, true)), Map.entry("khuya", new Part(22, 28, true)),
            Map.entry("night", new Part(22, 28, true)));

    private final Clock clock;

    EventTimes(Clock clock) {
        this.clock = clock;
    }

    Optional<Period> read(String words) {
        if (words == null || words.isBlank()) {
            return Optional.empty();
        }
        String text = Folding.fold(words);
        LocalDateTime now = LocalDateTime.now(clock.withZone(TipQueue.VIETNAM)).withSecond(0).withNano(0);
        if (NOW.matcher(text).find()) {
            return Optional.of(new Period(now, now));
        }
        try {
            String accented = Folding.nfc(words).toLowerCase(java.util.Locale.ROOT);
            return read(accented, text, now).filter(p -> !p.from().isAfter(now));
        } catch (DateTimeException impossible) {
            // "31/2", "25h": the words stand alone.
            return Optional.empty();
        }
    }

    private static Optional<Period> read(String accented, String text, LocalDateTime now) {
        LocalDate today = now.toLocalDate();
        LocalDate day = null;
        Matcher m;
        if ((m = DATE.matcher(text)).find() || (m = WORDY_DATE.matcher(text)).find()) {
            int d = Integer.parseInt(m.group(1));
            int month = Integer.parseInt(m.group(2));
            if (m.group(3) != null) {
                int year = Integer.parseInt(m.group(3));
                day = LocalDate.of(year < 100 ? 2000 + year : year, month, d);
            } else {
                // Day and month only: the last such date, this year or last.
                day = LocalDate.of(today.getYear(), month, d);
                if (day.isAfter(today)) {
                    day = day.minusYears(1);
                }
            }
        } else if ((m = DAYS_AGO.matcher(text)).find()) {
            day = today.minusDays(Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2)));
        } else if (TWO_DAYS_AGO.matcher(text).find()) {
            day = today.minusDays(2);
        } else if (YESTERDAY.matcher(text).find()) {
            day = today.minusDays(1);
        } else if (TODAY.matcher(text).find()) {
            day = today;
        } else if ((m = WEEKDAY.matcher(text)).find()) {
            day = today.with(TemporalAdjusters.previousOrSame(WEEKDAYS.get(m.group(1))));
            if (LAST_WEEK.matcher(text).find()) {
                // "thứ Hai tuần trước": that day of the previous calendar week.
                day = today.with(DayOfWeek.MONDAY).minusWeeks(1).with(TemporalAdjusters.nextOrSame(WEEKDAYS.get(m.group(1))));
            }
        }
        Part part = null;
        if ((m = PART.matcher(accented)).find()) {
            part = PARTS.get(Folding.fold(m.group(1)));
        } else if ((m = BARE_PART.matcher(text)).find()) {
            part = PARTS.get(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        LocalTime time = null;
        if ((m = CLOCK.matcher(text)).find()) {
            int hour = Integer.parseInt(m.group(1));
            int minute = m.group(2) != null ? Integer.parseInt(m.group(2)) : m.group(3) != null ? Integer.parseInt(m.group(3)) : 0;
            boolean pm = "pm".equals(m.group(4)) || (m.group(4) == null && part != null && part.afternoon() && hour < 12
                    && hour >= (part.from() >= 22 ? 7 : 1));
            if ("am".equals(m.group(4)) && hour == 12) {
                hour = 0;
            }
            time = LocalTime.of(pm && hour < 12 ? hour + 12 : hour, minute);
        }
        if (day == null && part == null && time == null) {
            return Optional.empty();
        }
        boolean inferred = day == null;
        LocalDate on = inferred ? today : day;
        Period period = period(on, part, time);
        if (inferred && period.from().isAfter(now)) {
            // "20h" said in the morning: last evening.
            period = period(on.minusDays(1), part, time);
        }
        return Optional.of(period);
    }

    private static Period period(LocalDate on, Part part, LocalTime time) {
        if (time != null) {
            LocalDateTime at = on.atTime(time);
            return new Period(at, at);
        }
        if (part != null) {
            LocalDateTime start = on.atStartOfDay();
            return new Period(start.plusHours(part.from()), start.plusHours(part.to()));
        }
        return new Period(on.atStartOfDay(), on.plusDays(1).atStartOfDay());
    }
}
