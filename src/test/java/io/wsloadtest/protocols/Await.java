package io.wsloadtest.protocols;

import java.util.function.Supplier;

/** Polls a condition until it holds or the time is up; the failure says what was last seen. */
final class Await {

  private Await() {}

  /** Returns the value that satisfied the condition. */
  static <T> T until(String what, long timeoutMillis, Supplier<T> value, java.util.function.Predicate<T> holds)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    T last = null;
    while (true) {
      try {
        last = value.get();
        if (holds.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(what + ": not within " + timeoutMillis + " ms; last attempt failed", e);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within " + timeoutMillis + " ms; last seen " + last);
      }
      Thread.sleep(50);
    }
  }
}
