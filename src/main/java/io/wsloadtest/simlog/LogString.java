package io.wsloadtest.simlog;

import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A string exactly as Gatling stores it: the String's internal byte[] plus its coder (0 = LATIN1,
 * 1 = UTF16 in the writing JVM's native byte order). Kept raw so it is copied byte for byte.
 */
final class LogString {
  static final LogString EMPTY = new LogString(new byte[0], (byte) 0);
  private static final Charset UTF16_NATIVE =
      ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;

  final byte[] value;
  final byte coder;

  LogString(byte[] value, byte coder) {
    this.value = value;
    this.coder = coder;
  }

  /** A string as a JVM with compact strings stores it: LATIN1 when it fits, else UTF16. */
  static LogString of(String text) {
    boolean latin1 = text.chars().allMatch(c -> c < 256);
    return latin1 ? new LogString(text.getBytes(StandardCharsets.ISO_8859_1), (byte) 0)
        : new LogString(text.getBytes(UTF16_NATIVE), (byte) 1);
  }

  String text() {
    return new String(value, coder == 0 ? StandardCharsets.ISO_8859_1 : UTF16_NATIVE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogString && ((LogString) o).coder == coder && Arrays.equals(((LogString) o).value, value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(value) + coder;
  }
}
