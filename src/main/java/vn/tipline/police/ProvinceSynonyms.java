package vn.tipline.police;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names citizens type for a province besides its own ("tp hcm", "sài gòn", "hn"): data in
 * {@code gazetteer/province-synonyms.yaml}, given as synonyms to the province buttons.
 */
@Component
class ProvinceSynonyms {

    static final String FILE = "gazetteer/province-synonyms.yaml";

    private final Map<Integer, List<String>> byProvince = new HashMap<>();

    ProvinceSynonyms() {
        try (InputStream in = new ClassPathResource(FILE).getInputStream()) {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            if (!(root instanceof Map<?, ?> map)) {
                throw new IllegalStateException(FILE + " must map province codes to lists of names");
            }
            map.forEach((code, names) -> {
                if (!(code instanceof Integer c) || !(names instanceof List<?> list)) {
                    throw new IllegalStateException(FILE + ": '" + code + "' must be a province code with a list of names");
                }
                byProvince.put(c, list.stream().map(String::valueOf).toList());
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> of(int province) {
        return byProvince.getOrDefault(province, List.of());
    }
}
