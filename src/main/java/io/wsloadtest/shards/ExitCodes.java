package io.wsloadtest.shards;

/** Exit codes of bin/launch and bin/merge-shards, one per outcome a script or CI must tell apart. */
public final class ExitCodes {

  /** Every shard ran, the merge is complete and every assertion held. */
  public static final int OK = 0;
  /** A shard failed, was killed or is missing; the others' results are still merged and reported. */
  public static final int SHARD_FAILED = 1;
  /** The merged run failed an assertion (Gatling's own code for it). */
  public static final int ASSERTION_FAILED = 2;
  /** Refused before load (configuration, preflight, a shard never ready) or before merge (shards that do not add up). */
  public static final int REFUSED = 3;
  /** Gatling could not render the merged report, or the merge could not be written. */
  public static final int REPORT_FAILED = 4;

  private ExitCodes() {}

  /** What each code stands for, in a word or two (the outcome file's "outcome"). */
  static String outcome(int code) {
    return switch (code) {
      case OK -> "passed";
      case SHARD_FAILED -> "shard failed";
      case ASSERTION_FAILED -> "assertion failed";
      case REFUSED -> "refused";
      case REPORT_FAILED -> "report failed";
      default -> "failed";
    };
  }
}
