package io.wsloadtest.gatling;

import boopickle.UnpickleState$;
import io.gatling.commons.stats.OK$;
import io.gatling.commons.stats.Status;
import io.gatling.commons.stats.assertion.Assertion;
import io.gatling.shared.model.assertion.AssertionMessage$;
import io.gatling.shared.model.assertion.AssertionPicklers$;
import io.gatling.shared.model.assertion.AssertionResult;
import io.gatling.shared.model.assertion.AssertionStatsRepository;
import io.gatling.shared.model.assertion.AssertionStatsRepository$StatsPath$Group;
import io.gatling.shared.model.assertion.AssertionStatsRepository$StatsPath$Request;
import io.gatling.shared.model.assertion.AssertionValidator;
import io.wsloadtest.simlog.StatsByPath;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import scala.Function1;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The assertions a run recorded in its simulation.log, judged on exact figures ({@link StatsByPath}: every
 * response time counted, percentiles by nearest rank) by Gatling's own validator: the same assertions, the
 * same meaning and wording as Gatling's, without the estimate. Gatling's report computes percentiles with a
 * t-digest (measured: connect p99 761 ms in its report where every value gives 637 ms, in a 100k run), close
 * enough to look at, not to decide a verdict on.
 */
public final class ExactAssertions {

  /** One assertion's verdict: Gatling's wording, passed or not, the actual value (or why none). */
  public record Result(String assertion, boolean passed, Double actual, String error) {
    /** As Gatling prints it: "MESSAGE : true (actual : 12.0)". */
    public String line() {
      return assertion + " : " + passed + (error != null ? " (" + error + ")" : " (actual : " + actual + ")");
    }
  }

  /** How the verdict was reached, for people reading it next to Gatling's report. */
  public static final String METHOD = "exact: every response time of the simulation.log, percentiles by nearest rank"
      + " (Gatling's report estimates percentiles with a t-digest; its figures may differ slightly)";

  private ExactAssertions() {}

  /** Every assertion of the log, judged; empty when the run declared none. */
  public static List<Result> judge(StatsByPath stats) {
    List<Assertion> assertions = new ArrayList<>();
    for (byte[] bytes : stats.assertions()) {
      assertions.add(decode(bytes));
    }
    List<Result> results = new ArrayList<>();
    var validated = new AssertionValidator(new Repository(stats))
        .validateAssertions(CollectionConverters.asScala(assertions).toList());
    for (AssertionResult r : CollectionConverters.asJava(validated)) {
      String message = AssertionMessage$.MODULE$.message(r.assertion());
      if (r instanceof AssertionResult.Resolved resolved) {
        results.add(new Result(message, resolved.success(), resolved.actualValue(), null));
      } else {
        results.add(new Result(message, false, null, ((AssertionResult.ResolutionError) r).error()));
      }
    }
    return results;
  }

  /** As Gatling's LogFileReader decodes them (boopickle, little-endian). */
  static Assertion decode(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    return AssertionPicklers$.MODULE$.AssertionPickler().unpickle(UnpickleState$.MODULE$.unpickleStateSpeed().apply(buffer));
  }

  /** Gatling's view of a run's statistics, answered from exact figures. */
  private static final class Repository implements AssertionStatsRepository {
    private final StatsByPath stats;

    Repository(StatsByPath stats) {
      this.stats = stats;
    }

    @Override
    public scala.collection.immutable.List<AssertionStatsRepository$StatsPath$Request> allRequestPaths() {
      List<AssertionStatsRepository$StatsPath$Request> paths = new ArrayList<>();
      for (StatsByPath.RequestPath p : stats.requestPaths()) {
        paths.add(new AssertionStatsRepository$StatsPath$Request(scalaList(p.groups()), p.name()));
      }
      return CollectionConverters.asScala(paths).toList();
    }

    @Override
    public Option<StatsPath> findPathByParts(scala.collection.immutable.List<String> parts) {
      List<String> path = CollectionConverters.asJava(parts);
      for (StatsByPath.RequestPath p : stats.requestPaths()) {
        List<String> full = new ArrayList<>(p.groups());
        full.add(p.name());
        if (full.equals(path)) {
          return Option.apply(new AssertionStatsRepository$StatsPath$Request(scalaList(p.groups()), p.name()));
        }
      }
      return stats.isGroup(path) ? Option.apply(new AssertionStatsRepository$StatsPath$Group(parts)) : Option.empty();
    }

    @Override
    public Option<Stats> requestGeneralStats(scala.collection.immutable.List<String> group, Option<String> request,
        Option<Status> status) {
      return toStats(stats.request(CollectionConverters.asJava(group), request.isEmpty() ? null : request.get(),
          ok(status)));
    }

    @Override
    public Option<Stats> groupCumulatedResponseTimeGeneralStats(scala.collection.immutable.List<String> group,
        Option<Status> status) {
      return toStats(stats.groupCumulatedResponseTime(CollectionConverters.asJava(group), ok(status)));
    }

    private static Boolean ok(Option<Status> status) {
      return status.isEmpty() ? null : status.get() == OK$.MODULE$;
    }

    private static Option<Stats> toStats(Optional<StatsByPath.Figures> figures) {
      if (figures.isEmpty()) {
        return Option.empty();
      }
      StatsByPath.Figures f = figures.get();
      Function1<Object, Object> percentile = rank -> f.percentile((Double) rank);
      return Option.apply(new Stats(f.min(), f.max(), f.count(), f.mean(), f.stdDev(), percentile, f.meanPerSecond()));
    }

    private static scala.collection.immutable.List<String> scalaList(List<String> list) {
      return CollectionConverters.asScala(list).toList();
    }
  }
}
