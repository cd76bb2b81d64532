package io.wsloadtest.ws;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The causes a connection is lost for, as the messages of the "drop" request in the report. Each message
 * names one cause and nothing variable besides a close code or HTTP status, so the report's error table
 * and {@link DropTable#from} group them.
 */
public final class DropCause {

  public static final String ABNORMAL_CLOSE = "abnormal close 1006";
  /** A close frame without a status code (RFC 6455 7.1.5: "no status received"). */
  public static final String NO_STATUS_CLOSE = "server close 1005";
  public static final String HEARTBEAT_TIMEOUT = "heartbeat timeout";
  public static final String CONNECT_REFUSED = "connect refused";
  public static final String CONNECT_TIMEOUT = "connect timeout";
  public static final String HANDSHAKE_TIMEOUT = "handshake timeout";
  public static final String CONNECT_FAILED = "connect failed";
  /** An application protocol's keep-alive from the server stopped (Socket.IO pings, STOMP heart-beats...). */
  public static final String KEEPALIVE_TIMEOUT = "keep-alive timeout";

  /** An application protocol's server ended the session it had accepted ("socketio server disconnect": its 41). */
  public static String serverDisconnect(String protocol) {
    return protocol + " server disconnect";
  }

  /** Every message {@link #of} and the helpers below can produce. */
  static final Pattern ANY = Pattern.compile("server close \\d+|abnormal close 1006|heartbeat timeout|handshake \\d+"
      + "|handshake timeout|connect refused|connect timeout|connect failed( \\S+)?|keep-alive timeout"
      + "|[a-z.-]+ refused|[a-z.-]+ accept timeout|[a-z.-]+ server disconnect");

  /** A protocol's refusal or silence at its handshake, as its session words it: "stomp refused: ERROR ...". */
  private static final Pattern REFUSAL = Pattern.compile("^([a-z.-]+ (?:refused|accept timeout))(?::.*)?$", Pattern.DOTALL);

  private static final Pattern HTTP_STATUS = Pattern.compile("(?:getStatus|status)\\W+(\\d{3})");

  private DropCause() {}

  public static String serverClose(int code) {
    return "server close " + code;
  }

  public static String handshake(int httpStatus) {
    return "handshake " + httpStatus;
  }

  public static boolean isCause(String message) {
    return ANY.matcher(message).matches();
  }

  /** An exception Gatling recorded for a failed connect or reconnect, e.g. "i.n.c.AnnotatedConnectException: ...". */
  private static final Pattern CONNECT_ERROR = Pattern.compile("^[\\w.$]*(Exception|Error)\\b.*", Pattern.DOTALL);

  /**
   * The drop cause a report error message stands for, or null: a drop's own message, or the error of a failed
   * connect (one failure is one KO: a failed connect has no separate drop record).
   */
  public static String ofRecordedError(String message) {
    if (isCause(message)) {
      return message;
    }
    String refusal = ofRefusal(message);
    if (refusal != null) {
      return refusal;
    }
    return CONNECT_ERROR.matcher(message).matches() ? ofConnectError(message) : null;
  }

  /** "graphql-ws refused" of "graphql-ws refused: close 4403 ...", "stomp accept timeout"; null for other messages. */
  public static String ofRefusal(String message) {
    Matcher m = REFUSAL.matcher(message);
    return m.matches() ? m.group(1) : null;
  }

  /**
   * The cause of a failed connect from the error Gatling recorded for it, e.g. "AnnotatedConnectException:
   * Connection refused: /127.0.0.1:9" or "WebSocketClientHandshakeException: Invalid handshake response
   * getStatus: 404 Not Found".
   */
  public static String ofConnectError(String error) {
    if (error == null) {
      return CONNECT_FAILED;
    }
    String e = error.toLowerCase();
    Matcher status = HTTP_STATUS.matcher(error);
    if (e.contains("handshake") && status.find()) {
      return handshake(Integer.parseInt(status.group(1)));
    }
    if (e.contains("connection refused")) {
      return CONNECT_REFUSED;
    }
    if (e.contains("connecttimeout") || e.contains("connection timed out")) {
      return CONNECT_TIMEOUT;
    }
    if (e.contains("timeout")) {
      return HANDSHAKE_TIMEOUT; // TCP connected, but no handshake answer within gatling.http.requestTimeout
    }
    if (e.contains("premature close") || e.contains("connection reset")) {
      return ABNORMAL_CLOSE;
    }
    // Keep only the exception's simple name so the report groups these too.
    String type = error.split(":", 2)[0].trim();
    type = type.substring(type.lastIndexOf('.') + 1);
    return type.isEmpty() || type.contains(" ") ? CONNECT_FAILED : CONNECT_FAILED + " " + type;
  }
}
