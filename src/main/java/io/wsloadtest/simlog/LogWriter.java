package io.wsloadtest.simlog;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes a simulation.log as Gatling 3.15.1 does (mirrors io.gatling.core.stats.writer.LogFileDataWriter). */
final class LogWriter implements Closeable {
  final DataOutputStream out;
  final LogHeader header;
  /** Output string cache; ids restart at 1 because each shard's ids are meaningless here. */
  final Map<LogString, Integer> strings = new HashMap<>();
  int nextStringId = 1;

  private LogWriter(DataOutputStream out, LogHeader header) {
    this.out = out;
    this.header = header;
  }

  static LogWriter open(Path tmp, LogHeader header) throws IOException {
    LogWriter w = new LogWriter(
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), LogReader.IO_BUFFER)), header);
    w.writeHeader();
    return w;
  }

  private void writeHeader() throws IOException {
    out.writeByte(LogRecord.RUN);
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

  void write(LogRecord r, int[] scenarioRemap) throws IOException {
    out.writeByte(r.type);
    switch (r.type) {
      case LogRecord.REQUEST:
        writeGroups(r.groups);
        writeCachedString(r.name);
        out.writeInt(relative(r.start));
        out.writeInt(relative(r.end));
        out.writeBoolean(r.ok);
        writeCachedString(r.message);
        break;
      case LogRecord.USER:
        out.writeInt(scenarioRemap[r.scenario]);
        out.writeBoolean(r.userStart);
        out.writeInt(relative(r.start));
        break;
      case LogRecord.GROUP:
        writeGroups(r.groups);
        out.writeInt(relative(r.start));
        out.writeInt(relative(r.end));
        out.writeInt(r.cumulatedResponseTime);
        out.writeBoolean(r.ok);
        break;
      case LogRecord.ERROR:
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
