package vn.tipline.tip;

import org.junit.jupiter.api.Test;
import vn.tipline.account.Refusal;
import vn.tipline.account.Role;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The officer UI's texts exist in Vietnamese and English alike, and every key the page or code uses is there. */
class OfficerMessagesTest {

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = OfficerMessagesTest.class.getResourceAsStream("/" + name)) {
            assertThat(in).as(name).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    @Test
    void vietnameseAndEnglishHaveTheSameKeysAndNoEmptyText() throws IOException {
        Properties vi = load("messages_vi.properties");
        Properties en = load("messages_en.properties");
        assertThat(new TreeSet<>(vi.stringPropertyNames())).isEqualTo(new TreeSet<>(en.stringPropertyNames()));
        vi.forEach((k, v) -> assertThat(v.toString()).as("vi " + k).isNotBlank());
        en.forEach((k, v) -> assertThat(v.toString()).as("en " + k).isNotBlank());
        assertThat(load("messages.properties")).as("the base bundle stays empty").isEmpty();
    }

    @Test
    void everyKeyTheTemplatesUseExists() throws IOException {
        Set<String> keys = load("messages_vi.properties").stringPropertyNames();
        Pattern literal = Pattern.compile("#\\{([a-z_]+(?:\\.[a-z_]+)+)[}(]");
        Pattern prefixed = Pattern.compile("#\\{'([a-z_]+\\.)' \\+");
        Set<String> prefixes = new TreeSet<>();
        try (Stream<Path> templates = Files.list(Path.of("src/main/resources/templates/officer"))) {
            for (Path template : templates.toList()) {
                String html = Files.readString(template);
                Matcher m = literal.matcher(html);
                while (m.find()) {
                    assertThat(keys).as(template.getFileName() + " uses " + m.group(1)).contains(m.group(1));
                }
                Matcher p = prefixed.matcher(html);
                while (p.find()) {
                    prefixes.add(p.group(1));
                }
            }
        }
        assertThat(prefixes).contains("status.", "topic.", "outcome.", "timeline.", "role.", "action.", "sort.",
                "granularity.", "channel.");
    }

    @Test
    void everyEnumTheUiShowsHasATextInBothLanguages() throws IOException {
        for (String bundle : new String[]{"messages_vi.properties", "messages_en.properties"}) {
            Set<String> keys = load(bundle).stringPropertyNames();
            Arrays.stream(TipStatus.values()).forEach(s -> assertThat(keys).contains("status." + s, "action." + s));
            Arrays.stream(Topic.values()).forEach(t -> assertThat(keys).contains("topic." + t));
            Arrays.stream(Outcome.values()).forEach(o -> assertThat(keys).contains("outcome." + o));
            Arrays.stream(TimelineEntry.Kind.values()).forEach(k -> assertThat(keys).contains("timeline." + k));
            Arrays.stream(Role.values()).forEach(r -> assertThat(keys).contains("role." + r));
            Arrays.stream(TipFilter.Sort.values()).forEach(s -> assertThat(keys).contains("sort." + s));
            Arrays.stream(TipStatistics.Granularity.values()).forEach(g -> assertThat(keys).contains("granularity." + g));
            Arrays.stream(Refusal.values()).forEach(r -> assertThat(keys).as(bundle).contains(r.messageKey()));
            for (String channel : new String[]{"web", "telegram", "zalo"}) {
                assertThat(keys).contains("channel." + channel);
            }
            for (String used : new String[]{"flash.saved", "flash.note_added", "flash.question_sent",
                    "flash.question_undelivered", "flash.conflict", "password.mismatch", "password.changed"}) {
                assertThat(keys).as(bundle).contains(used);
            }
        }
    }
}
