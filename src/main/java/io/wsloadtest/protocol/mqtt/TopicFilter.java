package io.wsloadtest.protocol.mqtt;

/** MQTT topic filters (4.7): '+' matches one level, '#' the rest (its parent too); '$' topics only by name. */
final class TopicFilter {

  private TopicFilter() {}

  static boolean matches(String filter, String topic) {
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
      return false;
    }
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return true;
      }
      if (i >= t.length || (!f[i].equals("+") && !f[i].equals(t[i]))) {
        return false;
      }
    }
    return f.length == t.length;
  }
}
