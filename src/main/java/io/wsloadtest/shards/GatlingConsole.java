package io.wsloadtest.shards;

import io.wsloadtest.ws.Requests;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What one shard's Gatling console (its 5-second summary) said last: connects OK/KO, heartbeat KOs, drops, active users. */
record GatlingConsole(long connectOk, long connectKo, long heartbeatKo, long drops, long active, long done) {

  static final GatlingConsole NONE = new GatlingConsole(0, 0, 0, 0, 0, 0);

  private static final Pattern ROW = Pattern.compile("^> (" + Requests.CONNECT + "|" + Requests.HEARTBEAT + "|" + Requests.DROP + ")\\s+\\|\\s*([\\d,]+) \\|\\s*([\\d,]+) \\|\\s*([\\d,]+)", Pattern.MULTILINE);
  private static final Pattern USERS = Pattern.compile("active:\\s*([\\d,]+)\\s*/ done:\\s*([\\d,]+)");

  /** Parses the last console block in {@code tail}; returns {@code previous} when there is none yet. */
  static GatlingConsole parse(String tail, GatlingConsole previous) {
    int block = tail.lastIndexOf("---- Requests");
    if (block < 0) {
      return previous;
    }
    String last = tail.substring(block);
    long ok = 0, ko = 0, hbKo = 0, drops = 0, active = previous.active, done = previous.done;
    Matcher m = ROW.matcher(last);
    while (m.find()) {
      switch (m.group(1)) {
        case Requests.CONNECT -> {
          ok = number(m.group(3));
          ko = number(m.group(4));
        }
        case Requests.DROP -> drops = number(m.group(4));
        default -> hbKo += number(m.group(4));
      }
    }
    Matcher u = USERS.matcher(last);
    if (u.find()) {
      active = number(u.group(1));
      done = number(u.group(2));
    }
    return new GatlingConsole(ok, ko, hbKo, drops, active, done);
  }

  private static long number(String s) {
    return Long.parseLong(s.replace(",", ""));
  }
}
