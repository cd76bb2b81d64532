package io.wsloadtest.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsloadtest.compare.RequestFigures;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** capacity.json's stable fields, the level table and the knee charts of one search on fake measurements. */
class CapacityOutputsTest {

  static final CapacityJson.Asked ASKED = new CapacityJson.Asked("Heartbeat", Dimension.CONNECTIONS,
      List.of(CapacitySearchTest.HEARTBEAT_100MS), 25, 3000, 90, 50, 10, List.of("bin/capacity", "--shards", "1"));

  static SearchResult search() throws Exception {
    // Above 300 the server answers late; above 360 heartbeats time out (the p99 falls on KOs).
    FakeLevels server = new FakeLevels(level -> FakeLevels.heartbeat(level,
        level <= 300 ? 4 : level <= 360 ? 640 : RequestFigures.FAILED, level <= 360 ? 0 : level / 20, 35));
    return new CapacitySearch(List.of(160L, 240L, 320L, 400L), 25, List.of(CapacitySearchTest.HEARTBEAT_100MS), 90, 50,
        10, row -> {}).run(server);
  }

  @Test
  void capacityJsonHoldsTheAnswerAndEveryLevel(@TempDir Path dir) throws Exception {
    SearchResult r = search();
    CapacityJson.write(dir.resolve("capacity.json"), ASKED, r, 61.2);
    JsonNode j = new ObjectMapper().readTree(dir.resolve("capacity.json").toFile());
    assertEquals("completed", j.at("/outcome").asText());
    assertEquals(300, j.at("/lastGood/level").asInt());
    assertEquals(320, j.at("/firstBad/level").asInt());
    assertEquals("heartbeat-p99", j.at("/firstBrokenSlo").asText());
    assertEquals("640 ms", j.at("/firstBad/brokenSlos/0/actual").asText());
    assertEquals(List.of(160, 240, 320, 280, 300), j.at("/levels").findValuesAsText("level").stream().map(Integer::parseInt).toList()
        .subList(0, 5));
    assertEquals(4, j.at("/lastGood/requests/heartbeat/p99").asInt());
    assertEquals("hold", j.at("/lastGood/requests/heartbeat/window").asText());
    assertEquals(35.0, j.at("/lastGood/injectors/0/cpuPercent").asDouble());
    assertEquals("100ms", j.at("/slo/heartbeat-p99").asText());
    assertTrue(j.at("/figures").asText().startsWith("exact: nearest rank"), "says which method its figures use");
  }

  @Test
  void aPercentileOnFailedResponsesIsNullInJsonAndKoInTheTable() throws Exception {
    SearchResult r = new CapacitySearch(List.of(100L, 400L), 1000, List.of(CapacitySearchTest.HEARTBEAT_100MS), 90, 50,
        10, row -> {}).run(new FakeLevels(level -> FakeLevels.heartbeat(level, level > 300 ? RequestFigures.FAILED : 4,
        level > 300 ? 40 : 0, 35)));
    JsonNode j = new ObjectMapper().valueToTree(CapacityJson.tree(ASKED, r, 1));
    assertTrue(j.at("/firstBad/requests/heartbeat/p99").isNull());
    String table = LevelTable.render(r, Dimension.CONNECTIONS);
    assertTrue(table.contains("KO/KO/KO"), table);
    assertTrue(LevelTable.summary(r, Dimension.CONNECTIONS).startsWith("Capacity: lastGood 100 connections, firstBad 400"
        + " (heartbeat-p99 broke first: KO (3.2 % of heartbeat failed) > 100ms)"), LevelTable.summary(r, Dimension.CONNECTIONS));
  }

  @Test
  void theLevelTableListsLevelsInOrderWithTheirVerdicts() throws Exception {
    String table = LevelTable.render(search(), Dimension.CONNECTIONS);
    List<String> lines = table.lines().toList();
    assertEquals(7, lines.size(), table);
    assertTrue(lines.get(2).trim().startsWith("160"), table);
    assertTrue(lines.get(5).contains("good"), table);
    assertTrue(lines.get(6).contains("bad") && lines.get(6).contains("heartbeat-p99 640 ms > 100ms"), table);
  }

  @Test
  void theKneeChartsAreOneSelfContainedPage() throws Exception {
    String html = KneeCharts.page(ASKED, search());
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertEquals(4, count(html, "<svg "), "connect, heartbeat, achieved against offered, KO %");
    // Nothing is fetched: no script, stylesheet or image from anywhere; the only URL is SVG's namespace.
    assertFalse(html.contains("<script"));
    assertFalse(html.contains("<link"));
    assertFalse(html.contains("<img"));
    Matcher urls = Pattern.compile("https?://[^\"' <]+").matcher(html);
    while (urls.find()) {
      assertEquals("http://www.w3.org/2000/svg", urls.group());
    }
    assertTrue(html.contains(">SLO 100ms</text>"), "the SLO's limit is drawn");
    assertTrue(html.contains(">last good</text>") && html.contains(">first bad</text>"));
    assertTrue(html.contains("<a href=\"levels/300/index.html\">Gatling report</a>"), "each level links its report");
    assertTrue(html.contains("p99 at 320: 640"), "every point carries its value");
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
