package vn.tipline;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md lists every setting of application.yml: each property key and each
 * environment variable, with the default the file gives. A setting added without its row fails here.
 */
class ConfigurationDocsTest {

    private static final Path SETTINGS = Path.of("src/main/resources/application.yml");
    private static final Path PAGE = Path.of("docs/configuration.md");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+):([^}]*)}");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** One row of the table: the variables and properties it names, and its default cell. */
    private record Row(Set<String> variables, Set<String> properties, String defaultCell) {
    }

    @Test
    void everyPropertyKeyOfApplicationYmlHasARow() throws IOException {
        Set<String> documented = new LinkedHashSet<>();
        rows().forEach(row -> documented.addAll(row.properties()));
        List<String> missing = new ArrayList<>(settings().keySet());
        missing.removeAll(documented);
        assertThat(missing).as("properties in application.yml without a row in docs/configuration.md").isEmpty();
    }

    @Test
    void everyEnvironmentVariableOfApplicationYmlHasARow() throws IOException {
        Set<String> documented = new LinkedHashSet<>();
        rows().forEach(row -> documented.addAll(row.variables()));
        Set<String> variables = new LinkedHashSet<>();
        Matcher placeholders = PLACEHOLDER.matcher(Files.readString(SETTINGS, StandardCharsets.UTF_8));
        while (placeholders.find()) {
            variables.add(placeholders.group(1));
        }
        variables.removeAll(documented);
        assertThat(variables).as("environment variables in application.yml without a row in docs/configuration.md").isEmpty();
    }

    @Test
    void eachRowGivesTheDefaultApplicationYmlGives() throws IOException {
        Map<String, String> settings = settings();
        List<String> wrong = new ArrayList<>();
        for (Row row : rows()) {
            for (String property : row.properties()) {
                String value = settings.get(property);
                if (value == null) {
                    wrong.add(property + ": no such key in application.yml");
                    continue;
                }
                Matcher placeholder = PLACEHOLDER.matcher(value);
                String fallback = placeholder.matches() ? placeholder.group(2) : value;
                if (!fallback.isEmpty() && !row.defaultCell().contains("`" + fallback + "`")) {
                    wrong.add(property + ": the default is `" + fallback + "`, the table says " + row.defaultCell());
                }
                if (placeholder.matches() && !row.variables().contains(placeholder.group(1))) {
                    wrong.add(property + ": its variable is " + placeholder.group(1));
                }
            }
        }
        assertThat(wrong).as("rows of docs/configuration.md that disagree with application.yml").isEmpty();
    }

    /** Every key flattened to its dotted name, every value as written (no YAML booleans: "off" stays "off"). */
    private static Map<String, String> settings() throws IOException {
        Resolver plain = new Resolver() {
            @Override
            protected void addImplicitResolvers() {
            }
        };
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(new DumperOptions()),
                new DumperOptions(), plain);
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", yaml.load(Files.readString(SETTINGS, StandardCharsets.UTF_8)), flat);
        return flat;
    }

    private static void flatten(String prefix, Object node, Map<String, String> flat) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, value, flat));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), flat);
            }
        } else {
            flat.put(prefix, node == null ? "" : node.toString());
        }
    }

    /** The rows of the table whose header starts with "environment variable | property". */
    private static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(PAGE, StandardCharsets.UTF_8)) {
            if (line.startsWith("| environment variable | property |")) {
                inTable = true;
            } else if (inTable && !line.startsWith("|")) {
                inTable = false;
            } else if (inTable && !line.startsWith("|---")) {
                String[] cells = line.split("\\|");
                rows.add(new Row(code(cells[1]), code(cells[2]), cells[3].strip()));
            }
        }
        assertThat(rows).as("the settings table in docs/configuration.md").isNotEmpty();
        return rows;
    }

    private static Set<String> code(String cell) {
        Set<String> names = new LinkedHashSet<>();
        Matcher code = CODE.matcher(cell);
        while (code.find()) {
            names.add(code.group(1));
        }
        return names;
    }
}
