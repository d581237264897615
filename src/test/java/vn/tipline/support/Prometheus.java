package vn.tipline.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Scrapes /actuator/prometheus as an administrator would configure Prometheus to (HTTP Basic). */
public final class Prometheus {

    private final String text;

    private Prometheus(String text) {
        this.text = text;
    }

    public static Prometheus scrape(int port, String username, String password) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("/actuator/prometheus answered " + response.statusCode());
            }
            return new Prometheus(response.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public String text() {
        return text;
    }

    /**
     * The sum of the series named {@code name} carrying every label given as {@code label="value"};
     * -1 if there is no such series at all.
     */
    public double value(String name, String... labels) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            String series = line.substring(0, line.lastIndexOf(' '));
            boolean all = true;
            for (String label : labels) {
                all &= series.contains(label);
            }
            if (all) {
                found = true;
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return found ? sum : -1;
    }
}
