package io.wsloadtest.config;

/** Pushes: the text sent after every connect to ask for them ("" = send nothing). */
public record Push(String subscribe) {

  /** wsload.push. */
  static Push read(KeyReader r) {
    return new Push(r.string("push.subscribe", ""));
  }
}
