package io.wsloadtest.protocol.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class EngineIoCodecTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  @Test
  void theServersOpenPacketGivesItsPingIntervalAndTimeout() {
    EnginePacket.Open open = assertInstanceOf(EnginePacket.Open.class, EngineIoCodec.decode(
        "0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[],\"pingInterval\":1500,\"pingTimeout\":1000,"
            + "\"maxPayload\":1000000}"));
    assertEquals(new EnginePacket.Open("lv_VI97HAXpY6yYWAAAC", 1500, 1000, 1_000_000), open);
  }

  @Test
  void aPingIsAnsweredWithAPongCarryingItsData() {
    EnginePacket.Ping ping = assertInstanceOf(EnginePacket.Ping.class, EngineIoCodec.decode("2"));
    assertEquals("3", EngineIoCodec.encode(EnginePacket.pongFor(ping)));
    EnginePacket.Ping probe = assertInstanceOf(EnginePacket.Ping.class, EngineIoCodec.decode("2probe"));
    assertEquals("3probe", EngineIoCodec.encode(EnginePacket.pongFor(probe)));
  }

  @Test
  void connectWithAndWithoutAuth_inTheMainAndAnotherNamespace() {
    ObjectNode auth = JSON.objectNode().put("token", "secret");
    assertEquals("40", EngineIoCodec.encode(SocketIoPacket.connect("/", null)));
    assertEquals("40{\"token\":\"secret\"}", EngineIoCodec.encode(SocketIoPacket.connect("/", auth)));
    assertEquals("40/chat,{\"token\":\"secret\"}", EngineIoCodec.encode(SocketIoPacket.connect("/chat", auth)));
    assertEquals("41/chat,", EngineIoCodec.encode(SocketIoPacket.disconnect("/chat")));
  }

  @Test
  void theServersConnectAnswer_acceptedOrRefused() {
    SocketIoPacket accepted = message("40{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}");
    assertEquals(SocketIoType.CONNECT, accepted.type());
    assertEquals("wZX3oN0bSVIhsaknAAAI", accepted.data().get("sid").asText());
    SocketIoPacket inChat = message("40/chat,{\"sid\":\"x\"}");
    assertEquals("/chat", inChat.namespace());

    SocketIoPacket refused = message("44{\"message\":\"unauthorized\",\"data\":{\"reason\":\"bad token\"}}");
    assertEquals(SocketIoType.CONNECT_ERROR, refused.type());
    assertEquals("unauthorized", refused.errorMessage());
    assertEquals("{\"reason\":\"x\"}", message("44/chat,{\"reason\":\"x\"}").errorMessage());
  }

  @Test
  void eventsAndAcks() {
    SocketIoPacket push = message("42[\"push\",{\"seq\":7,\"ts\":1700000000000}]");
    assertEquals("push", push.eventName());
    assertEquals(7, push.eventArgument().get("seq").asLong());
    assertNull(push.ackId());

    String echo = EngineIoCodec.encode(SocketIoPacket.event("/", 12L, "echo", JSON.textNode("hi")));
    assertEquals("4212[\"echo\",\"hi\"]", echo);
    SocketIoPacket ack = message("4312[\"hi\"]");
    assertEquals(SocketIoType.ACK, ack.type());
    assertEquals(12L, ack.ackId());
    assertEquals("hi", ack.data().get(0).asText());
    assertEquals("43/chat,3[1]", EngineIoCodec.encode(SocketIoPacket.ack("/chat", 3, JSON.numberNode(1))));

    SocketIoPacket inChat = message("42/chat,5[\"echo\",1]");
    assertEquals("/chat", inChat.namespace());
    assertEquals(5L, inChat.ackId());
    assertEquals("echo", inChat.eventName());
  }

  @Test
  void encodeThenDecodeGivesTheSamePacket() {
    SocketIoPacket p = SocketIoPacket.event("/chat", 99L, "subscribe", JSON.objectNode().put("channel", "prices"));
    assertEquals(p, message(EngineIoCodec.encode(p)));
  }

  @Test
  void malformedPacketsAreRefusedQuotingTheText() {
    assertEquals("unknown Engine.IO packet type: '9x'",
        assertThrows(IllegalArgumentException.class, () -> EngineIoCodec.decode("9x")).getMessage());
    assertEquals("empty Engine.IO packet",
        assertThrows(IllegalArgumentException.class, () -> EngineIoCodec.decode("")).getMessage());
    assertEquals("Socket.IO packet with malformed JSON: '2[\"push\",'",
        assertThrows(IllegalArgumentException.class, () -> EngineIoCodec.decode("42[\"push\",")).getMessage());
    assertEquals("Socket.IO event without [name, ...]: '2{}'",
        assertThrows(IllegalArgumentException.class, () -> EngineIoCodec.decode("42{}")).getMessage());
    assertEquals("unknown Socket.IO packet type '9'",
        assertThrows(IllegalArgumentException.class, () -> EngineIoCodec.decode("49")).getMessage());
    assertEquals("binary Socket.IO packets are not supported: '51-[\"f\",{\"_placeholder\":true,\"num\":0}]'",
        assertThrows(IllegalArgumentException.class,
            () -> EngineIoCodec.decode("451-[\"f\",{\"_placeholder\":true,\"num\":0}]")).getMessage());
    assertEquals("Engine.IO open packet without sid, pingInterval and pingTimeout: '0{\"sid\":\"a\"}'",
        assertThrows(IllegalArgumentException.class, () -> EngineIoCodec.decode("0{\"sid\":\"a\"}")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> SocketIoPacket.connect("chat", null));
  }

  private static SocketIoPacket message(String frame) {
    return assertInstanceOf(EnginePacket.Message.class, EngineIoCodec.decode(frame)).packet();
  }
}
