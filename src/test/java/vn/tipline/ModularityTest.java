package vn.tipline;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each top-level package is a feature module: it may use another only through that module's
 * base package (or a named interface), and no cycle may form between them. The verification
 * reads the bytecode, so it sees every dependency; a reader sees them in the imports, as long
 * as no class of ours is named in full inline.
 *
 * <p>Names say what a class is: a class that answers HTTP requests ends in {@code Controller}, one
 * that calls an outside HTTP API ends in {@code Client} ({@code BotApiClient}, {@code ZaloApiClient}),
 * and {@code Api} alone, which meant both, is no suffix of ours.
 */
class ModularityTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern INLINE_NAME = Pattern.compile("(?<![\\w.])vn\\.tipline\\.(?:[a-z]\\w*\\.)*[A-Z]");

    private final ApplicationModules modules = ApplicationModules.of(Application.class);

    @Test
    void featureModulesRespectEachOthersBoundaries() {
        modules.verify();
    }

    @Test
    void writesTheModuleDiagramsForNewcomers() {
        new Documenter(modules).writeDocumentation();
    }

    @Test
    void controllersAreNamedControllerAndHttpClientsClient() {
        JavaClasses ours = ours();
        classes().that().areMetaAnnotatedWith(Controller.class).should().haveSimpleNameEndingWith("Controller")
                .check(ours);
        noClasses().should().haveSimpleNameEndingWith("Api").check(ours);
        noClasses().that().areTopLevelClasses().and().haveSimpleNameNotEndingWith("Client")
                .should().callMethod(OkHttpClient.class, "newCall", Request.class).check(ours);
    }

    /** Two classes of one name (there were two Csv) make a reader check which one is meant. */
    @Test
    void noTwoClassesShareAName() {
        Map<String, List<String>> byName = ours().stream().filter(JavaClass::isTopLevelClass)
                .collect(Collectors.groupingBy(JavaClass::getSimpleName, TreeMap::new,
                        Collectors.mapping(JavaClass::getName, Collectors.toList())));
        assertThat(byName.values()).allSatisfy(names -> assertThat(names).hasSize(1));
    }

    private static JavaClasses ours() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("vn.tipline");
    }

    @Test
    void noClassOfOursIsNamedInFullInsteadOfImported() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (!line.startsWith("import ") && !line.startsWith("package ") && INLINE_NAME.matcher(line).find()) {
                        offenders.add(SOURCES.relativize(file) + ":" + (i + 1) + ": " + line);
                    }
                }
            }
        }
        assertThat(offenders).as("import these names instead").isEmpty();
    }
}
