package dev.parkinglot.examples.spring;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * When the shop is up, one customer checks out over HTTP ({@code demo.auto-checkout=true}, the
 * default), so that a run shows the whole flow in the log: the checkout span, then two webhook spans
 * linked to it, the second a duplicate.
 */
@Component
@ConditionalOnProperty(name = "demo.auto-checkout", havingValue = "true", matchIfMissing = true)
public class DemoCheckout {
  private static final Log LOG = LogFactory.getLog(DemoCheckout.class);

  private final Environment environment;

  DemoCheckout(Environment environment) {
    this.environment = environment;
  }

  @EventListener(ApplicationReadyEvent.class)
  void checkoutOnce() throws Exception {
    String port = environment.getRequiredProperty("local.server.port");
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/checkout"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":\"42.00\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    LOG.info("demo checkout: " + response.statusCode() + " " + response.body()
        + "; try it yourself: curl -s -X POST localhost:" + port
        + "/checkout -H 'Content-Type: application/json' -d '{\"amount\":\"42.00\"}'");
  }
}
