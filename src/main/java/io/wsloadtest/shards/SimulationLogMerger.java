package io.wsloadtest.shards;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges the binary simulation.log files written by several Gatling 3.15.1 JVMs ("shards") of the
 * same simulation into one simulation.log that Gatling's reports-only mode ({@code -ro}) renders as
 * a single run. See FORMAT.md for the byte layout this class reads and writes.
 *
 * <p>Only depends on the JDK. Files are streamed record by record; memory use is bounded by the
 * number of distinct strings (request names, groups, error messages), not by file size.
 */
public final class SimulationLogMerger {

  /** The only Gatling version whose log layout this class knows. */
  public static final String SUPPORTED_GATLING_VERSION = "3.15.1";

  // Record header bytes (io.gatling.core.stats.writer.RecordHeader).
  private static final int RUN = 0;
  private static final int REQUEST = 1;
  private static final int USER = 2;
  private static final int GROUP = 3;
  private static final int ERROR = 4;

  // Sanity limits: a corrupt length field must fail cleanly instead of allocating gigabytes.
  private static final int MAX_STRING_BYTES = 1 << 20;
  private static final int MAX_LIST_SIZE = 100_000;

  private static final int IO_BUFFER = 1 << 16;

  private SimulationLogMerger() {}

  /** Thrown for any unusable input or output; the message always names the offending file. */
  public static final class SimulationLogException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public SimulationLogException(Path file, String message) {
      super(file + ": " + message);
      this.file = file;
    }

    public SimulationLogException(Path file, String message, Throwable cause) {
      super(file + ": " + message, cause);
      this.file = file;
    }

    /** The file that caused the failure. */
    public Path file() {
      return file;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Public API
  // ---------------------------------------------------------------------------------------------

  /**
   * Merges {@code shardLogs} into {@code outLog}. All shards must be Gatling 3.15.1 logs of the same
   * simulation class. The merged run starts at the earliest shard start; every record keeps its
   * absolute time. The output is written to a temporary file and moved into place at the end, so a
   * failed merge never leaves a half-written {@code outLog}.
   */
  public static void merge(List<Path> shardLogs, Path outLog) throws SimulationLogException {
    merge(shardLogs, outLog, false);
  }

  /**
   * Like {@link #merge(List, Path)}; with {@code keepTruncated}, a log cut in the middle of a record (its
   * JVM was killed) contributes every complete record before the cut instead of failing the merge.
   *
   * @return the logs that were cut, each with the number of complete records kept
   */
  public static Map<Path, Long> merge(List<Path> shardLogs, Path outLog, boolean keepTruncated)
      throws SimulationLogException {
    Objects.requireNonNull(outLog, "outLog");
    if (shardLogs == null || shardLogs.isEmpty()) {
      throw new IllegalArgumentException("no shard logs to merge");
    }
    checkDistinct(shardLogs, outLog);

    List<LogReader> readers = new ArrayList<>();
    try {
      // Open and validate every header before writing anything.
      for (Path shard : shardLogs) {
        LogReader reader = LogReader.open(shard);
        reader.keepTruncated = keepTruncated;
        readers.add(reader);
      }
      Header merged = mergeHeaders(readers);

      // Write next to the target, then move: readers never see a half-written simulation.log.
      Path tmp = outLog.resolveSibling(outLog.getFileName() + ".merging");
      try {
        Files.createDirectories(outLog.toAbsolutePath().getParent());
      } catch (IOException e) {
        throw new SimulationLogException(outLog, "cannot create output directory: " + e, e);
      }

      try {
        try (LogWriter writer = LogWriter.open(tmp, merged)) {
          writeRecordsInTimeOrder(readers, writer);
        }
        Files.move(tmp, outLog, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new SimulationLogException(outLog, "cannot write merged log: " + e, e);
      } finally {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort cleanup
        }
      }
    } finally {
      for (LogReader reader : readers) {
        reader.closeQuietly();
      }
    }
    Map<Path, Long> cut = new LinkedHashMap<>();
    for (LogReader reader : readers) {
      if (reader.truncatedAfterRecords >= 0) {
        cut.put(reader.file, reader.truncatedAfterRecords);
      }
    }
    return cut;
  }

  /** Reads a whole log (streaming) and counts what the Gatling report would count. */
  public static Summary read(Path log) throws SimulationLogException {
    try (LogReader reader = LogReader.open(log)) {
      Summary summary = new Summary();
      summary.gatlingVersion = reader.header.gatlingVersion;
      summary.simulationClass = reader.header.simulationClass;
      summary.runStart = reader.header.start;
      for (Record r = reader.next(); r != null; r = reader.next()) {
        summary.add(r, reader.header);
      }
      return summary;
    }
  }

  /** Command line: {@code merge <out.log> <shard.log>...} or {@code summary <file.log>}. */
  public static void main(String[] args) throws Exception {
    if (args.length >= 3 && args[0].equals("merge")) {
      List<Path> shards = new ArrayList<>();
      for (int i = 2; i < args.length; i++) {
        shards.add(Path.of(args[i]));
      }
      try {
        merge(shards, Path.of(args[1]));
      } catch (SimulationLogException e) {
        System.err.println("merge failed: " + e.getMessage());
        System.exit(1);
      }
      System.out.println("merged " + shards.size() + " shard(s) into " + args[1]);
    } else if (args.length == 2 && args[0].equals("summary")) {
      try {
        System.out.println(read(Path.of(args[1])));
      } catch (SimulationLogException e) {
        System.err.println("read failed: " + e.getMessage());
        System.exit(1);
      }
    } else {
      System.err.println("usage: merge <out.log> <shard.log>... | summary <file.log>");
      System.exit(2);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Summary
  // ---------------------------------------------------------------------------------------------

  /**
   * Counts per log, comparable across files: the merged log's summary must equal the sum of the
   * shards' summaries (except runStart/version fields, which {@link #sameCounts} ignores).
   */
  public static final class Summary {
    String gatlingVersion;
    String simulationClass;
    long runStart;
    /** Key: "group1 / group2 / request name" (Gatling's display path); value: [ok, ko]. */
    public final Map<String, long[]> requests = new TreeMap<>();
    /** Key: scenario name; value: [started, ended]. */
    public final Map<String, long[]> users = new TreeMap<>();
    /** KO request messages plus crash (Error record) messages, as in the report's error table. */
    public final Map<String, Long> errors = new TreeMap<>();
    /** Key: group path; value: [ok, ko]. */
    public final Map<String, long[]> groups = new TreeMap<>();
    /** Key: request path; value: [first start, last end] of its OK responses (epoch millis). */
    public final Map<String, long[]> okSpans = new TreeMap<>();
    /** Key: request path; value: response times (ms) of its OK responses, in log order. */
    final Map<String, IntList> okTimes = new TreeMap<>();
    private long activeUsers;
    /** Most virtual users alive at once in this log (for a summed summary: the largest of the parts). */
    long peakActiveUsers;
    /** Earliest and latest absolute event time (epoch millis) found in the records. */
    long firstEventTime = Long.MAX_VALUE;
    long lastEventTime = Long.MIN_VALUE;

    public String gatlingVersion() {
      return gatlingVersion;
    }

    public String simulationClass() {
      return simulationClass;
    }

    public long runStart() {
      return runStart;
    }

    public long firstEventTime() {
      return firstEventTime;
    }

    public long lastEventTime() {
      return lastEventTime;
    }

    /** The p-th percentile (0-100) of a request's OK response times in ms, or -1 when it has none. */
    public int percentile(String request, double p) {
      IntList times = okTimes.get(request);
      return times == null ? -1 : times.percentile(p);
    }

    /** OK count of one request name (0 when absent). */
    public long ok(String request) {
      return requests.getOrDefault(request, new long[2])[0];
    }

    /** KO count of one request name (0 when absent). */
    public long ko(String request) {
      return requests.getOrDefault(request, new long[2])[1];
    }

    public long peakActiveUsers() {
      return peakActiveUsers;
    }

    public long totalOk() {
      return requests.values().stream().mapToLong(v -> v[0]).sum();
    }

    public long totalKo() {
      return requests.values().stream().mapToLong(v -> v[1]).sum();
    }

    /** Adds another summary's counts to this one (e.g. to sum shards). Returns this. */
    public Summary plus(Summary other) {
      if (simulationClass == null) {
        simulationClass = other.simulationClass;
        gatlingVersion = other.gatlingVersion;
        runStart = other.runStart;
      } else {
        runStart = Math.min(runStart, other.runStart);
      }
      firstEventTime = Math.min(firstEventTime, other.firstEventTime);
      lastEventTime = Math.max(lastEventTime, other.lastEventTime);
      other.requests.forEach((k, v) -> addPair(requests, k, v[0], v[1]));
      other.okSpans.forEach((k, v) -> {
        long[] span = okSpans.computeIfAbsent(k, x -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
        span[0] = Math.min(span[0], v[0]);
        span[1] = Math.max(span[1], v[1]);
      });
      other.okTimes.forEach((k, v) -> okTimes.computeIfAbsent(k, x -> new IntList()).addAll(v));
      other.users.forEach((k, v) -> addPair(users, k, v[0], v[1]));
      other.groups.forEach((k, v) -> addPair(groups, k, v[0], v[1]));
      other.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
      return this;
    }

    /** True when both summaries have identical request, user, group and error counts. */
    public boolean sameCounts(Summary other) {
      return pairsEqual(requests, other.requests)
          && pairsEqual(users, other.users)
          && pairsEqual(groups, other.groups)
          && errors.equals(other.errors);
    }

    private void add(Record r, Header h) {
      firstEventTime = Math.min(firstEventTime, r.start);
      lastEventTime = Math.max(lastEventTime, Math.max(r.start, r.end));
      switch (r.type) {
        case REQUEST:
          String request = path(r.groups, r.name.text());
          addPair(requests, request, r.ok ? 1 : 0, r.ok ? 0 : 1);
          if (r.ok) {
            long[] span = okSpans.computeIfAbsent(request, k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            span[0] = Math.min(span[0], r.start);
            span[1] = Math.max(span[1], r.end);
            okTimes.computeIfAbsent(request, k -> new IntList()).add((int) (r.end - r.start));
          }
          // Gatling's report only lists non-blank messages (trimToOption).
          String message = r.message.text();
          if (!message.isBlank()) {
            errors.merge(message, 1L, Long::sum);
          }
          break;
        case USER:
          String scenario = h.scenarios.get(r.scenario).text();
          addPair(users, scenario, r.userStart ? 1 : 0, r.userStart ? 0 : 1);
          // Records are written in time order (a merged log is sorted), so a running count gives the peak.
          activeUsers += r.userStart ? 1 : -1;
          peakActiveUsers = Math.max(peakActiveUsers, activeUsers);
          break;
        case GROUP:
          addPair(groups, path(r.groups, null), r.ok ? 1 : 0, r.ok ? 0 : 1);
          break;
        case ERROR:
          errors.merge(r.message.text(), 1L, Long::sum);
          break;
        default:
          throw new IllegalStateException("unexpected record type " + r.type);
      }
    }

    private static String path(List<LogString> groups, String last) {
      List<String> parts = new ArrayList<>();
      for (LogString g : groups) {
        parts.add(g.text());
      }
      if (last != null) {
        parts.add(last);
      }
      return String.join(" / ", parts);
    }

    private static void addPair(Map<String, long[]> map, String key, long a, long b) {
      long[] v = map.computeIfAbsent(key, k -> new long[2]);
      v[0] += a;
      v[1] += b;
    }

    private static boolean pairsEqual(Map<String, long[]> a, Map<String, long[]> b) {
      if (!a.keySet().equals(b.keySet())) {
        return false;
      }
      for (Map.Entry<String, long[]> e : a.entrySet()) {
        if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      sb.append("simulation ").append(simulationClass).append(" (Gatling ").append(gatlingVersion)
          .append("), run start ").append(runStart).append(", events ").append(firstEventTime)
          .append("..").append(lastEventTime).append('\n');
      sb.append("requests total ok=").append(totalOk()).append(" ko=").append(totalKo()).append('\n');
      requests.forEach((k, v) -> sb.append("  request '").append(k).append("' ok=").append(v[0])
          .append(" ko=").append(v[1]).append('\n'));
      groups.forEach((k, v) -> sb.append("  group '").append(k).append("' ok=").append(v[0])
          .append(" ko=").append(v[1]).append('\n'));
      users.forEach((k, v) -> sb.append("  scenario '").append(k).append("' started=").append(v[0])
          .append(" ended=").append(v[1]).append('\n'));
      errors.forEach((k, v) -> sb.append("  error '").append(k).append("' x").append(v).append('\n'));
      return sb.toString();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Merge internals
  // ---------------------------------------------------------------------------------------------

  private static void checkDistinct(List<Path> shardLogs, Path outLog) {
    Set<Path> seen = new HashSet<>();
    Path out = outLog.toAbsolutePath().normalize();
    for (Path shard : shardLogs) {
      Path p = shard.toAbsolutePath().normalize();
      if (!seen.add(p)) {
        // Merging a file twice would silently double its counts.
        throw new IllegalArgumentException("shard log listed twice: " + shard);
      }
      if (p.equals(out)) {
        throw new IllegalArgumentException("output file is also an input: " + outLog);
      }
    }
  }

  /**
   * Builds the merged run header. Start = earliest shard start, description = first shard's,
   * scenarios = union (shards normally list identical scenarios, but indices are remapped anyway),
   * assertions = union without duplicates (identical across shards of the same simulation).
   */
  private static Header mergeHeaders(List<LogReader> readers) throws SimulationLogException {
    Header first = readers.get(0).header;
    Header merged = new Header();
    merged.gatlingVersionRaw = first.gatlingVersionRaw;
    merged.gatlingVersion = first.gatlingVersion;
    merged.simulationClassRaw = first.simulationClassRaw;
    merged.simulationClass = first.simulationClass;
    merged.description = first.description;
    merged.start = Long.MAX_VALUE;

    Map<LogString, Integer> scenarioIndex = new LinkedHashMap<>();
    Set<ByteArrayKey> assertionsSeen = new HashSet<>();
    for (LogReader reader : readers) {
      Header h = reader.header;
      if (!h.simulationClass.equals(first.simulationClass)) {
        throw new SimulationLogException(reader.file, "is a log of simulation '" + h.simulationClass
            + "' but " + readers.get(0).file + " is a log of '" + first.simulationClass
            + "'; only shards of the same simulation class can be merged");
      }
      merged.start = Math.min(merged.start, h.start);
      reader.scenarioRemap = new int[h.scenarios.size()];
      for (int i = 0; i < h.scenarios.size(); i++) {
        LogString name = h.scenarios.get(i);
        Integer index = scenarioIndex.get(name);
        if (index == null) {
          index = scenarioIndex.size();
          scenarioIndex.put(name, index);
          merged.scenarios.add(name);
        }
        reader.scenarioRemap[i] = index;
      }
      for (byte[] assertion : h.assertions) {
        if (assertionsSeen.add(new ByteArrayKey(assertion))) {
          merged.assertions.add(assertion);
        }
      }
    }
    return merged;
  }

  /**
   * K-way merge on each record's absolute time. Within one shard the original order is kept; across
   * shards the earlier record goes first. Time order matters: Gatling's concurrent-users chart
   * assumes user records move forward in time, so plain concatenation would corrupt it.
   */
  private static void writeRecordsInTimeOrder(List<LogReader> readers, LogWriter writer)
      throws SimulationLogException, IOException {
    PriorityQueue<LogReader> queue = new PriorityQueue<>(
        Comparator.<LogReader>comparingLong(r -> r.head.sortTime).thenComparingInt(r -> r.order));
    for (int i = 0; i < readers.size(); i++) {
      LogReader reader = readers.get(i);
      reader.order = i;
      reader.head = reader.next();
      if (reader.head != null) {
        queue.add(reader);
      }
    }
    while (!queue.isEmpty()) {
      LogReader reader = queue.poll();
      writer.write(reader.head, reader.scenarioRemap);
      reader.head = reader.next();
      if (reader.head != null) {
        queue.add(reader);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Data model
  // ---------------------------------------------------------------------------------------------

  /**
   * A string exactly as Gatling stores it: the String's internal byte[] plus its coder (0 = LATIN1,
   * 1 = UTF16 in the writing JVM's native byte order). Kept raw so it is copied byte for byte.
   */
  private static final class LogString {
    static final LogString EMPTY = new LogString(new byte[0], (byte) 0);
    private static final Charset UTF16_NATIVE =
        ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;

    final byte[] value;
    final byte coder;

    LogString(byte[] value, byte coder) {
      this.value = value;
      this.coder = coder;
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

  private static final class ByteArrayKey {
    final byte[] bytes;

    ByteArrayKey(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ByteArrayKey && Arrays.equals(((ByteArrayKey) o).bytes, bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }

  /** The run record (first record of the file). */
  private static final class Header {
    LogString gatlingVersionRaw;
    String gatlingVersion;
    LogString simulationClassRaw;
    String simulationClass;
    long start;
    LogString description;
    final List<LogString> scenarios = new ArrayList<>();
    /** Boopickle-serialized io.gatling.commons.stats.assertion.Assertion, copied as opaque bytes. */
    final List<byte[]> assertions = new ArrayList<>();
  }

  /** One decoded record; times are absolute epoch millis. Fields unused by a type stay default. */
  /** A growable int array: response times of large runs without boxing. */
  static final class IntList {
    private int[] values = new int[64];
    private int size;

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    void addAll(IntList other) {
      for (int i = 0; i < other.size; i++) {
        add(other.values[i]);
      }
    }

    int percentile(double p) {
      int[] sorted = Arrays.copyOf(values, size);
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(p / 100.0 * size) - 1;
      return sorted[Math.max(0, Math.min(size - 1, rank))];
    }
  }

  private static final class Record {
    int type;
    List<LogString> groups = List.of();
    LogString name;
    LogString message;
    int scenario;
    boolean userStart;
    long start;
    long end;
    int cumulatedResponseTime;
    boolean ok;
    /** When the event was written (end of request/group, user/error timestamp). */
    long sortTime;
  }

  // ---------------------------------------------------------------------------------------------
  // Reading
  // ---------------------------------------------------------------------------------------------

  /** Counts consumed bytes so error messages can give an offset. */
  private static final class CountingInputStream extends FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }

  private static final class LogReader implements Closeable {
    final Path file;
    final CountingInputStream counter;
    final DataInputStream in;
    /** Shard-local string cache: id written by Gatling -> string. */
    final Map<Integer, LogString> strings = new HashMap<>();
    Header header;
    long recordCount;

    // merge state
    int[] scenarioRemap;
    int order;
    Record head;

    private LogReader(Path file, InputStream raw) {
      this.file = file;
      this.counter = new CountingInputStream(new BufferedInputStream(raw, IO_BUFFER));
      this.in = new DataInputStream(counter);
    }

    /** When true, a file cut in the middle of a record ends cleanly at the last complete record. */
    boolean keepTruncated;
    /** Complete records read before the cut, or -1 when the file was not truncated. */
    long truncatedAfterRecords = -1;

    static LogReader open(Path file) throws SimulationLogException {
      InputStream raw;
      try {
        if (Files.isDirectory(file)) {
          throw new SimulationLogException(file, "is a directory, expected a simulation.log file");
        }
        raw = Files.newInputStream(file);
      } catch (NoSuchFileException e) {
        throw new SimulationLogException(file, "shard log file does not exist", e);
      } catch (IOException e) {
        throw new SimulationLogException(file, "cannot open shard log: " + e, e);
      }
      LogReader reader = new LogReader(file, raw);
      try {
        reader.header = reader.readHeader();
        return reader;
      } catch (SimulationLogException e) {
        reader.closeQuietly();
        throw e;
      }
    }

    private Header readHeader() throws SimulationLogException {
      recordCount = 1; // the run record is record #1
      try {
        int first = in.read();
        if (first < 0) {
          throw new SimulationLogException(file, "is empty, expected a Gatling simulation.log");
        }
        if (first != RUN) {
          throw new SimulationLogException(file, String.format(
              "does not start with a Gatling run record (first byte 0x%02x, expected 0x00): "
                  + "not a binary Gatling %s simulation.log (old text-format log or another file?)",
              first, SUPPORTED_GATLING_VERSION));
        }
        Header h = new Header();
        h.gatlingVersionRaw = readString();
        h.gatlingVersion = h.gatlingVersionRaw.text();
        // Check the version before reading further: other versions may lay fields out differently.
        if (!h.gatlingVersion.equals(SUPPORTED_GATLING_VERSION)) {
          throw new SimulationLogException(file, "was written by Gatling " + h.gatlingVersion
              + ", but Gatling " + SUPPORTED_GATLING_VERSION + " is required");
        }
        h.simulationClassRaw = readString();
        h.simulationClass = h.simulationClassRaw.text();
        h.start = in.readLong();
        h.description = readString();
        int scenarioCount = readCount("scenario count");
        for (int i = 0; i < scenarioCount; i++) {
          h.scenarios.add(readString());
        }
        int assertionCount = readCount("assertion count");
        for (int i = 0; i < assertionCount; i++) {
          h.assertions.add(readBytes(readLength("assertion size")));
        }
        return h;
      } catch (EOFException e) {
        throw truncated(e);
      } catch (IOException e) {
        throw new SimulationLogException(file, "read error: " + e, e);
      }
    }

    /** Next record, or null at a clean end of file (there is no end marker in the format). */
    Record next() throws SimulationLogException {
      try {
        int type = in.read();
        if (type < 0) {
          return null;
        }
        recordCount++;
        Record r = new Record();
        r.type = type;
        switch (type) {
          case REQUEST:
            r.groups = readGroups();
            r.name = readCachedString();
            r.start = header.start + in.readInt();
            r.end = header.start + in.readInt();
            r.ok = readBoolean();
            r.message = readCachedString();
            r.sortTime = r.end;
            break;
          case USER:
            r.scenario = in.readInt();
            if (r.scenario < 0 || r.scenario >= header.scenarios.size()) {
              throw corrupt("user record refers to scenario #" + r.scenario + " but the header lists "
                  + header.scenarios.size() + " scenario(s)");
            }
            r.userStart = readBoolean();
            r.start = header.start + in.readInt();
            r.sortTime = r.start;
            break;
          case GROUP:
            r.groups = readGroups();
            r.start = header.start + in.readInt();
            r.end = header.start + in.readInt();
            r.cumulatedResponseTime = in.readInt();
            r.ok = readBoolean();
            r.sortTime = r.end;
            break;
          case ERROR:
            r.message = readCachedString();
            r.start = header.start + in.readInt();
            r.sortTime = r.start;
            break;
          default:
            throw corrupt(String.format("unknown record type 0x%02x", type));
        }
        return r;
      } catch (EOFException e) {
        if (keepTruncated) {
          // A shard killed mid-write: keep every complete record before the cut.
          truncatedAfterRecords = recordCount - 1;
          return null;
        }
        throw truncated(e);
      } catch (IOException e) {
        throw new SimulationLogException(file, "read error: " + e, e);
      }
    }

    private List<LogString> readGroups() throws IOException, SimulationLogException {
      int size = readCount("group depth");
      if (size == 0) {
        return List.of();
      }
      List<LogString> groups = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        groups.add(readCachedString());
      }
      return groups;
    }

    /** Gatling's string cache: id >= 0 defines (id, string); id < 0 refers to string -id. */
    private LogString readCachedString() throws IOException, SimulationLogException {
      int id = in.readInt();
      if (id >= 0) {
        LogString s = readString();
        strings.put(id, s);
        return s;
      }
      LogString s = strings.get(-id);
      if (s == null) {
        throw corrupt("reference to undefined cached string #" + (-id));
      }
      return s;
    }

    /** int length, then (if length > 0) the bytes and one coder byte. */
    private LogString readString() throws IOException, SimulationLogException {
      int length = readLength("string length");
      if (length == 0) {
        return LogString.EMPTY;
      }
      byte[] value = readBytes(length);
      byte coder = in.readByte();
      if (coder != 0 && coder != 1) {
        throw corrupt("invalid string coder " + coder);
      }
      return new LogString(value, coder);
    }

    private byte[] readBytes(int length) throws IOException {
      byte[] bytes = new byte[length];
      in.readFully(bytes);
      return bytes;
    }

    private boolean readBoolean() throws IOException, SimulationLogException {
      byte b = in.readByte();
      if (b != 0 && b != 1) {
        throw corrupt("invalid boolean byte " + b);
      }
      return b == 1;
    }

    private int readLength(String what) throws IOException, SimulationLogException {
      int length = in.readInt();
      if (length < 0 || length > MAX_STRING_BYTES) {
        throw corrupt("implausible " + what + " " + length);
      }
      return length;
    }

    private int readCount(String what) throws IOException, SimulationLogException {
      int count = in.readInt();
      if (count < 0 || count > MAX_LIST_SIZE) {
        throw corrupt("implausible " + what + " " + count);
      }
      return count;
    }

    private SimulationLogException corrupt(String detail) {
      return new SimulationLogException(file, "corrupt simulation.log, " + detail + " in record #" + recordCount
          + " near byte offset " + counter.count);
    }

    private SimulationLogException truncated(EOFException e) {
      return new SimulationLogException(file, "truncated or corrupt simulation.log: file ends in the middle of record #"
          + recordCount + " (" + counter.count + " bytes read)", e);
    }

    @Override
    public void close() {
      closeQuietly();
    }

    void closeQuietly() {
      try {
        in.close();
      } catch (IOException ignored) {
        // read-only stream, nothing to recover
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writing (mirrors io.gatling.core.stats.writer.LogFileDataWriter)
  // ---------------------------------------------------------------------------------------------

  private static final class LogWriter implements Closeable {
    final DataOutputStream out;
    final Header header;
    /** Output string cache; ids restart at 1 because each shard's ids are meaningless here. */
    final Map<LogString, Integer> strings = new HashMap<>();
    int nextStringId = 1;

    private LogWriter(DataOutputStream out, Header header) {
      this.out = out;
      this.header = header;
    }

    static LogWriter open(Path tmp, Header header) throws IOException {
      LogWriter w = new LogWriter(
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), IO_BUFFER)), header);
      w.writeHeader();
      return w;
    }

    private void writeHeader() throws IOException {
      out.writeByte(RUN);
      writeString(header.gatlingVersionRaw);
      writeString(header.simulationClassRaw);
      out.writeLong(header.start);
      writeString(header.description);
      out.writeInt(header.scenarios.size());
      for (LogString scenario : header.scenarios) {
        writeString(scenario);
      }
      out.writeInt(header.assertions.size());
      for (byte[] assertion : header.assertions) {
        out.writeInt(assertion.length);
        out.write(assertion);
      }
    }

    void write(Record r, int[] scenarioRemap) throws IOException {
      out.writeByte(r.type);
      switch (r.type) {
        case REQUEST:
          writeGroups(r.groups);
          writeCachedString(r.name);
          out.writeInt(relative(r.start));
          out.writeInt(relative(r.end));
          out.writeBoolean(r.ok);
          writeCachedString(r.message);
          break;
        case USER:
          out.writeInt(scenarioRemap[r.scenario]);
          out.writeBoolean(r.userStart);
          out.writeInt(relative(r.start));
          break;
        case GROUP:
          writeGroups(r.groups);
          out.writeInt(relative(r.start));
          out.writeInt(relative(r.end));
          out.writeInt(r.cumulatedResponseTime);
          out.writeBoolean(r.ok);
          break;
        case ERROR:
          writeCachedString(r.message);
          out.writeInt(relative(r.start));
          break;
        default:
          throw new IllegalStateException("unexpected record type " + r.type);
      }
    }

    /** Times are stored as int millis relative to the run start; rebase onto the merged start. */
    private int relative(long absolute) throws IOException {
      long delta = absolute - header.start;
      if (delta < Integer.MIN_VALUE || delta > Integer.MAX_VALUE) {
        throw new IOException("timestamp " + absolute + " is too far from the merged run start "
            + header.start + " (shards more than ~24 days apart?)");
      }
      return (int) delta;
    }

    private void writeGroups(List<LogString> groups) throws IOException {
      out.writeInt(groups.size());
      for (LogString g : groups) {
        writeCachedString(g);
      }
    }

    private void writeCachedString(LogString s) throws IOException {
      Integer id = strings.get(s);
      if (id == null) {
        out.writeInt(nextStringId);
        writeString(s);
        strings.put(s, nextStringId);
        nextStringId++;
      } else {
        out.writeInt(-id);
      }
    }

    private void writeString(LogString s) throws IOException {
      out.writeInt(s.value.length);
      if (s.value.length > 0) {
        out.write(s.value);
        out.writeByte(s.coder);
      }
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
