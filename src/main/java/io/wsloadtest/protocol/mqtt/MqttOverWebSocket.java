package io.wsloadtest.protocol.mqtt;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;

/**
 * Adds MQTT (3.1.1, and 5: Netty's encoder records the version of the CONNECT it sends, and the decoder reads the
 * CONNACK and later packets in that version) to a pipeline that already speaks WebSocket frames.
 */
public final class MqttOverWebSocket {

  /** The subprotocol MQTT over WebSocket requires in the upgrade. */
  public static final String SUBPROTOCOL = "mqtt";

  private MqttOverWebSocket() {}

  public static void addTo(ChannelPipeline pipeline, int maxPacketBytes) {
    pipeline.addLast("mqtt-ws-frames", new MqttWebSocketFrames());
    pipeline.addLast("mqtt-decoder", new MqttDecoder(maxPacketBytes));
    pipeline.addLast("mqtt-encoder", MqttEncoder.INSTANCE);
  }
}
