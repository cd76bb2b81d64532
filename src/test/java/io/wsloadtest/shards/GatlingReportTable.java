package io.wsloadtest.shards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statistics Gatling 3.15.1 itself rendered into a report's index.html (it writes no separate stats file):
 * per request and for "All Requests" the Total / OK / KO columns, and the error table. Tests compare the
 * merge against these, not only against this project's own log reader.
 */
record GatlingReportTable(long[] all, Map<String, long[]> requests, Map<String, Long> errors) {

  private static final Pattern ROW = Pattern.compile("<tr id=\"(ROOT|req_[^\"]*)\"[^>]*>(.*?)</tr>", Pattern.DOTALL);
  private static final Pattern NAME = Pattern.compile("class=\"ellipsed-name\">([^<]*)<");
  private static final Pattern CELL = Pattern.compile("<td class=\"value (?:total|ok|ko) col-([234])\">([^<]*)</td>");
  private static final Pattern ERROR = Pattern.compile(
      "<td class=\"error-col-1 total ko\">(.*?)<span.*?<td class=\"value error-col-2 total ko\">(\\d+)</td>", Pattern.DOTALL);

  static GatlingReportTable read(Path indexHtml) throws IOException {
    String html = Files.readString(indexHtml);
    long[] all = null;
    Map<String, long[]> requests = new TreeMap<>();
    Matcher row = ROW.matcher(html);
    while (row.find()) {
      long[] counts = new long[3]; // total, ok, ko
      Matcher cell = CELL.matcher(row.group(2));
      while (cell.find()) {
        counts[Integer.parseInt(cell.group(1)) - 2] = Long.parseLong(cell.group(2).replace(",", "").trim());
      }
      if (row.group(1).equals("ROOT")) {
        all = counts;
      } else {
        Matcher name = NAME.matcher(row.group(2));
        if (!name.find()) {
          throw new IllegalStateException("a statistics row without a name in " + indexHtml);
        }
        requests.put(unescape(name.group(1)), counts);
      }
    }
    if (all == null) {
      throw new IllegalStateException("no \"All Requests\" row in " + indexHtml + ": not a Gatling 3.15.1 report?");
    }
    Map<String, Long> errors = new TreeMap<>();
    Matcher e = ERROR.matcher(html);
    while (e.find()) {
      errors.merge(unescape(e.group(1).trim()), Long.parseLong(e.group(2)), Long::sum);
    }
    return new GatlingReportTable(all, requests, errors);
  }

  private static String unescape(String html) {
    return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&#x27;", "'").replace("&amp;", "&");
  }
}
