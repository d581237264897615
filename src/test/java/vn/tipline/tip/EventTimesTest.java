package vn.tipline.tip;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** "When" read as a date, with the clock fixed at Monday 7 December 2026, 14:30 in Vietnam. */
class EventTimesTest {

    private final EventTimes times = new EventTimes(Clock.fixed(Instant.parse("2026-12-07T07:30:00Z"), ZoneOffset.UTC));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            Hôm qua                      | 06/12/2026
            hom qua                      | 06/12/2026
            Hôm nay                      | 07/12/2026
            Yesterday                    | 06/12/2026
            tối 5/12                     | 05/12/2026 18:00–22:00
            tối qua khoảng 21 giờ        | 06/12/2026 21:00
            20h hôm qua                  | 06/12/2026 20:00
            20h30 hôm qua                | 06/12/2026 20:30
            sáng nay                     | 07/12/2026 06:00–11:00
            sang nay                     | 07/12/2026 06:00–11:00
            this morning                 | 07/12/2026 06:00–11:00
            2 ngày trước                 | 05/12/2026
            2 days ago                   | 05/12/2026
            hôm kia                      | 05/12/2026
            5/12/2026                    | 05/12/2026
            05-12-2026                   | 05/12/2026
            ngày 5 tháng 12              | 05/12/2026
            20/12                        | 20/12/2025
            chiều thứ Hai                | 07/12/2026 13:00–18:00
            chieu thu 6                  | 04/12/2026 13:00–18:00
            thứ Sáu tuần trước           | 04/12/2026
            thứ Hai tuần trước           | 30/11/2026
            Monday afternoon             | 07/12/2026 13:00–18:00
            chủ nhật                     | 06/12/2026
            last night                   | 06/12/2026 22:00–07/12/2026 04:00
            đêm qua                      | 06/12/2026 22:00–07/12/2026 04:00
            yesterday at 8pm             | 06/12/2026 20:00
            8 giờ tối qua                | 06/12/2026 20:00
            9h sáng nay                  | 07/12/2026 09:00
            lúc 10:15                    | 07/12/2026 10:15
            20h                          | 06/12/2026 20:00
            Đang diễn ra                 | 07/12/2026 14:30
            tối                          | 06/12/2026 18:00–22:00
            """)
    void readsTheWordsAsADateOrAPeriod(String words, String expected) {
        assertThat(times.read(words).map(EventTimes.Period::describe)).contains(expected);
    }

    @ParameterizedTest(name = "{0} keeps the words only")
    @CsvSource(delimiter = '|', textBlock = """
            Không rõ
            Trước đó
            tôi không nhớ
            Earlier
            ngày mai
            tối nay
            25/12/2026
            31/2/2026
            25h hôm qua
            có thể là hôm nào đó
            """)
    void aFutureImpossibleOrUnknownTimeGivesNoDate(String words) {
        assertThat(times.read(words)).isEmpty();
    }
}
