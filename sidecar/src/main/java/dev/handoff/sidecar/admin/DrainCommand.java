package dev.handoff.sidecar.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * {@code java -jar handoff-sidecar.jar drain}: the sidecar container's preStop hook. Asks the local
 * sidecar to drain and waits for the end, so Kubernetes sends SIGTERM only after every client got
 * its token.
 */
public final class DrainCommand {
  private DrainCommand() {}

  public static int run(Map<String, String> env) {
    String port = env.getOrDefault("HANDOFF_ADMIN_PORT", "9480");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/drain"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofMinutes(10));
    String token = env.get("HANDOFF_ADMIN_TOKEN");
    if (token != null && !token.isBlank())
      request.header("Authorization", "Bearer " + token.trim());
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
      System.out.println(
          "handoff-sidecar drain: " + response.statusCode() + " " + response.body().trim());
      return response.statusCode() == 200 ? 0 : 1;
    } catch (IOException e) {
      System.err.println(
          "handoff-sidecar drain: the sidecar's admin port "
              + port
              + " did not answer: "
              + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
