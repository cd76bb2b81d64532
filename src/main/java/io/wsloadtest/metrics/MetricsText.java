package io.wsloadtest.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scrapes a /metrics endpoint and reads values out of the Prometheus text format: for the total progress
 * line over shards ({@link ShardProgress}) and for tests.
 */
public final class MetricsText {

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)$");
  /** One client for every scrape (each client holds a selector thread until it is collected). */
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  public record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;

  private MetricsText(List<Sample> samples) {
    this.samples = samples;
  }

  public static MetricsText scrape(String url) throws IOException, InterruptedException {
    try {
      return scrapeAsync(url).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(url + ": " + e.getCause(), e.getCause());
    }
  }

  /** The same without waiting: a launcher asks all its shards at once, so one slow shard delays no other. */
  public static CompletableFuture<MetricsText> scrapeAsync(String url) {
    return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
          if (r.statusCode() != 200) {
            throw new CompletionException(new IOException(url + " answered " + r.statusCode() + ": " + r.body()));
          }
          return parse(r.body());
        });
  }

  public static MetricsText parse(String body) {
    List<Sample> samples = new ArrayList<>();
    for (String line : body.split("\n")) {
      Matcher m = SAMPLE.matcher(line.trim());
      if (line.startsWith("#") || !m.matches()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
    }
    return new MetricsText(samples);
  }

  /** Sum of the samples of {@code name} whose labels include {@code labels} (key, value, key, value...). */
  public double sum(String name, String... labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> {
          for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
              return false;
            }
          }
          return true;
        })
        .mapToDouble(Sample::value).sum();
  }

  public List<Sample> samples() {
    return samples;
  }
}
