package vn.tipline;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Each top-level package is a feature module: it may use another only through that module's
 * base package (or a named interface), and no cycle may form between them. A dependency an
 * import check cannot see is still a dependency, so the verification runs on the bytecode.
 */
class ModularityTest {

    private final ApplicationModules modules = ApplicationModules.of(Application.class);

    @Test
    void featureModulesRespectEachOthersBoundaries() {
        modules.verify();
    }

    @Test
    void writesTheModuleDiagramsForNewcomers() {
        new Documenter(modules).writeDocumentation();
    }
}
