package io.wsloadtest.protocol.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MQTT 3.1.1 4.7's examples of which topics a filter matches. */
class TopicFilterTest {

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
      "ticks, ticks, true",
      "ticks, ticks/r1, false",
      "sport/tennis/player1/#, sport/tennis/player1, true",
      "sport/tennis/player1/#, sport/tennis/player1/ranking, true",
      "sport/tennis/player1/#, sport/tennis/player1/score/wimbledon, true",
      "sport/#, sport, true",
      "#, sport/tennis, true",
      "sport/tennis/+, sport/tennis/player1, true",
      "sport/tennis/+, sport/tennis/player1/tournament, false",
      "sport/+, sport, false",
      "sport/+, sport/, true",
      "+/+, /finance, true",
      "+, /finance, false",
      "#, $SYS/broker/clients, false",
      "$SYS/#, $SYS/broker/clients, true",
  })
  void matches(String filter, String topic, boolean expected) {
    assertEquals(expected, TopicFilter.matches(filter, topic));
  }
}
