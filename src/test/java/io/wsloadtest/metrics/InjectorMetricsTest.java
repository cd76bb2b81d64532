package io.wsloadtest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wsloadtest.ws.DropCause;
import io.wsloadtest.ws.Requests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * /metrics from request records, as the report has them: one failure is one KO, the open-connections gauge
 * follows connects, drops and closes, and any request name is counted.
 */
class InjectorMetricsTest {

  final PrometheusRegistry registry = new PrometheusRegistry();
  final InjectorMetrics metrics = new InjectorMetrics(registry, "0", 3);

  MetricsText scrape() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextFormatWriter(false).write(out, registry.scrape());
    return MetricsText.parse(out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void openConnectionsGoDownOnALossAndEveryFailureIsOneKo() throws Exception {
    metrics.onResponse(Requests.CONNECT, true, 0, 5, null);
    metrics.onResponse(Requests.CONNECT, true, 0, 5, null);
    metrics.onResponse(Requests.CONNECT, false, 0, 5, "i.n.c.AnnotatedConnectException: Connection refused");
    metrics.onResponse(Requests.DROP, false, 9, 9, DropCause.serverClose(1001)); // a link the server closed
    metrics.onResponse(Requests.HEARTBEAT, true, 10, 12, null);
    metrics.onResponse(Requests.CLOSE, true, 20, 21, null);
    metrics.onResponse("subscribe ack", true, 1, 3, null); // a scenario's own step

    MetricsText m = scrape();
    assertEquals(0, m.sum(InjectorMetrics.OPEN));
    assertEquals(2, m.sum(InjectorMetrics.ATTEMPTS, "kind", "connect", "status", "ok"));
    assertEquals(1, m.sum(InjectorMetrics.ATTEMPTS, "kind", "connect", "status", "ko"));
    assertEquals(1, m.sum(InjectorMetrics.DROPS, "cause", "server close 1001"));
    assertEquals(1, m.sum(InjectorMetrics.CLOSES, "status", "ok"));
    assertEquals(1, m.sum(InjectorMetrics.HEARTBEATS, "status", "ok"));
    assertEquals(1, m.sum(InjectorMetrics.REQUESTS, "request", "subscribe ack", "status", "ok"));
    assertEquals(2, m.sum(InjectorMetrics.REQUESTS, "status", "ko"));

    ProgressLine.Snapshot p = metrics.snapshot();
    assertEquals(0, p.connected());
    assertEquals(3, p.arrived());
    assertEquals(2, p.connectsOk());
    assertEquals(2, p.ko(), "the failed connect and the drop, each once");
  }

  /** Exported before they happen, so rate() counts their first burst and a failure panel reads 0, not "No data". */
  @Test
  void failuresAndMessagesAreSeriesAtZeroBeforeTheyHappen() throws Exception {
    new ServerMetrics(registry, () -> 0, () -> 0);
    MetricsText m = scrape();
    for (String[] series : new String[][] {
        {InjectorMetrics.ATTEMPTS, "kind", "connect", "status", "ko"},
        {InjectorMetrics.ATTEMPTS, "kind", "reconnect", "status", "ok"},
        {InjectorMetrics.HEARTBEATS, "status", "missed"},
        {InjectorMetrics.ECHOES, "status", "ko"},
        {InjectorMetrics.CLOSES, "status", "ko"},
        {InjectorMetrics.RECEIVED, "type", "push"},
        {InjectorMetrics.OPEN},
        {ServerMetrics.CLOSES, "code", "1006", "by", "none"},
        {ServerMetrics.FRAMES, "direction", "in", "type", "text"}}) {
      java.util.List<MetricsText.Sample> found = m.samples().stream()
          .filter(x -> x.name().equals(series[0]))
          .filter(x -> {
            for (int i = 1; i < series.length; i += 2) {
              if (!series[i + 1].equals(x.labels().get(series[i]))) {
                return false;
              }
            }
            return true;
          }).toList();
      assertEquals(1, found.size(), String.join(" ", series) + " in " + m.samples());
      assertEquals(0, found.get(0).value());
      assertEquals("0", found.get(0).labels().getOrDefault("shard", "0"));
    }
  }
}
