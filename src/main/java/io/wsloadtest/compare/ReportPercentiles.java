package io.wsloadtest.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The percentiles Gatling 3.15.1 rendered into an HTML report, per request: the OK column of each request page
 * (Gatling computes them with a t-digest, an approximation). Read to show how far they are from the exact ones.
 */
final class ReportPercentiles {

  private static final Pattern ROW = Pattern.compile(
      "<tr id=\"req_[^\"]*\"[^>]*>.*?<a href=\"(req_[^\"]+\\.html)\".*?class=\"ellipsed-name\">([^<]*)<", Pattern.DOTALL);

  private ReportPercentiles() {}

  /** Request name to its OK p50, p95, p99 in ms as the report shows them; the report folder holds index.html. */
  static Map<String, long[]> read(Path reportDir) throws IOException {
    String index = Files.readString(reportDir.resolve("index.html"));
    Map<String, long[]> out = new LinkedHashMap<>();
    Matcher row = ROW.matcher(index);
    while (row.find()) {
      String page = Files.readString(reportDir.resolve(row.group(1)));
      out.put(unescape(row.group(2)), new long[] {ok(page, "50th"), ok(page, "95th"), ok(page, "99th")});
    }
    if (out.isEmpty()) {
      throw new IOException(reportDir.resolve("index.html") + " lists no request: not a Gatling 3.15.1 report?");
    }
    return out;
  }

  /** The OK column of one percentile row; -1 when Gatling shows none ("-"). */
  private static long ok(String page, String which) throws IOException {
    Matcher m = Pattern.compile("<td class=\"title\">" + which + " percentile</td>\\s*<td class=\"total\">[^<]*</td>"
        + "\\s*<td class=\"ok\">([^<]*)</td>").matcher(page);
    if (!m.find()) {
      throw new IOException("no " + which + " percentile row in a request page: not a Gatling 3.15.1 report?");
    }
    String v = m.group(1).replace(",", "").trim();
    return v.matches("\\d+") ? Long.parseLong(v) : -1;
  }

  private static String unescape(String html) {
    return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&#x27;", "'").replace("&amp;", "&");
  }
}
