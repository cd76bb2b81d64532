package io.wsloadtest.simlog;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a binary simulation.log of Gatling 3.15.1 record by record (the layout of
 * io.gatling.core.stats.writer.LogFileDataWriter), resolving each shard's own string cache.
 */
final class LogReader implements Closeable {

  /** The only Gatling version whose log layout this class knows. */
  static final String SUPPORTED_GATLING_VERSION = "3.15.1";

  // Sanity limits: a corrupt length field must fail cleanly instead of allocating gigabytes.
  private static final int MAX_STRING_BYTES = 1 << 20;
  private static final int MAX_LIST_SIZE = 100_000;
  static final int IO_BUFFER = 1 << 16;

  final Path file;
  final CountingInputStream counter;
  final DataInputStream in;
  /** Shard-local string cache: id written by Gatling -> string. */
  final Map<Integer, LogString> strings = new HashMap<>();
  LogHeader header;
  long recordCount;

  // merge state
  int[] scenarioRemap;
  int order;
  LogRecord head;

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

  private LogHeader readHeader() throws SimulationLogException {
    recordCount = 1; // the run record is record #1
    try {
      int first = in.read();
      if (first < 0) {
        throw new SimulationLogException(file, "is empty, expected a Gatling simulation.log");
      }
      if (first != LogRecord.RUN) {
        throw new SimulationLogException(file, String.format(
            "does not start with a Gatling run record (first byte 0x%02x, expected 0x00): "
                + "not a binary Gatling %s simulation.log (old text-format log or another file?)",
            first, SUPPORTED_GATLING_VERSION));
      }
      LogHeader h = new LogHeader();
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
  LogRecord next() throws SimulationLogException {
    try {
      int type = in.read();
      if (type < 0) {
        return null;
      }
      recordCount++;
      LogRecord r = new LogRecord();
      r.type = type;
      switch (type) {
        case LogRecord.REQUEST:
          r.groups = readGroups();
          r.name = readCachedString();
          r.start = header.start + in.readInt();
          r.end = header.start + in.readInt();
          r.ok = readBoolean();
          r.message = readCachedString();
          r.sortTime = r.end;
          break;
        case LogRecord.USER:
          r.scenario = in.readInt();
          if (r.scenario < 0 || r.scenario >= header.scenarios.size()) {
            throw corrupt("user record refers to scenario #" + r.scenario + " but the header lists "
                + header.scenarios.size() + " scenario(s)");
          }
          r.userStart = readBoolean();
          r.start = header.start + in.readInt();
          r.sortTime = r.start;
          break;
        case LogRecord.GROUP:
          r.groups = readGroups();
          r.start = header.start + in.readInt();
          r.end = header.start + in.readInt();
          r.cumulatedResponseTime = in.readInt();
          r.ok = readBoolean();
          r.sortTime = r.end;
          break;
        case LogRecord.ERROR:
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

  /** Counts consumed bytes so error messages can give an offset. */
  static final class CountingInputStream extends FilterInputStream {
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
}
