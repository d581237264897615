package vn.tipline;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot be run here; this keeps it valid YAML and keeps what README's "Scaling
 * out" says of it true: two service replicas on the replica set, with the secrets they must share
 * required, behind one published port.
 */
class DockerComposeTest {

    @Test
    @SuppressWarnings("unchecked")
    void twoReplicasShareTheSecretsAndOnePort() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        Map<String, Object> tipline = services.get("tipline");
        assertThat((Map<String, Object>) tipline.get("deploy")).containsEntry("replicas", 2);
        assertThat(tipline).doesNotContainKey("ports");
        Map<String, String> environment = (Map<String, String>) tipline.get("environment");
        assertThat(environment.get("MONGODB_URI")).contains("replicaSet=");
        assertThat(environment.get("TIPLINE_REPORTER_SECRET")).startsWith("${TIPLINE_REPORTER_SECRET:?");
        assertThat(environment.get("TELEGRAM_WEBHOOK_SECRET")).startsWith("${TELEGRAM_WEBHOOK_SECRET:?");
        assertThat(services.get("proxy").get("ports").toString()).contains("8080:8080");
        assertThat(services.get("proxy").get("command").toString()).contains("tipline:8080");
    }
}
