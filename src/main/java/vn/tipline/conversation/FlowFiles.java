package vn.tipline.conversation;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Reads the flow files: from a directory on disk if one is configured, else those packaged with the service. */
public final class FlowFiles {

    private FlowFiles() {
    }

    public static List<FlowSource> read(String directory) {
        try {
            if (directory != null && !directory.isBlank()) {
                return fromDirectory(Path.of(directory));
            }
            List<FlowSource> sources = new ArrayList<>();
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:conversation-flows/*.yaml");
            for (Resource resource : resources) {
                sources.add(new FlowSource(resource.getFilename(), resource.getContentAsString(StandardCharsets.UTF_8)));
            }
            sources.sort(Comparator.comparing(FlowSource::name));
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the conversation flows", e);
        }
    }

    public static List<FlowSource> fromDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new FlowValidationException(List.of(new FlowProblem(directory.toString(), null,
                    "the flows directory does not exist")));
        }
        List<FlowSource> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                sources.add(new FlowSource(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        return sources;
    }
}
