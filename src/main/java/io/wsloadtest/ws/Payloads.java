package io.wsloadtest.ws;

import static io.gatling.javaapi.core.CoreDsl.exec;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.wsloadtest.config.Echo;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** A fresh random payload per message, so an echo of another message (or of another user) is caught. */
public final class Payloads {

  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  private static final String KEY = "wsload_payload"; // no dot: "#{a.b}" is attribute a, field b
  /** The current payload as a Gatling expression, for checks. */
  public static final String EL = "#{" + KEY + "}";

  private Payloads() {}

  public static ChainBuilder next(Echo echo) {
    return exec(session -> session.set(KEY, echo.binary() ? randomBytes(echo.size()) : randomText(echo.size())));
  }

  public static Function<Session, String> text() {
    return session -> session.getString(KEY);
  }

  public static Function<Session, byte[]> bytes() {
    return session -> session.get(KEY);
  }

  public static Boolean sameBytes(byte[] received, Session session) {
    return Arrays.equals(received, session.<byte[]>get(KEY));
  }

  private static String randomText(int size) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] c = new char[size];
    for (int i = 0; i < size; i++) {
      c[i] = ALPHABET[r.nextInt(ALPHABET.length)];
    }
    return new String(c);
  }

  private static byte[] randomBytes(int size) {
    byte[] b = new byte[size];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
