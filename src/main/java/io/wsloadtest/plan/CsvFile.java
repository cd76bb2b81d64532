package io.wsloadtest.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reads a small CSV of simple fields (no quoting), skipping blank lines, # comments and a header line. */
final class CsvFile {

  private CsvFile() {}

  /**
   * Parses every data row with {@code row}; a row that throws IllegalArgumentException is reported
   * with its file and line number.
   */
  static <T> List<T> read(Path file, String headerFirstField, Function<String[], T> row) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("file not found: " + file.toAbsolutePath());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s*,\\s*", -1);
      if (out.isEmpty() && fields[0].equalsIgnoreCase(headerFirstField)) {
        continue;
      }
      try {
        out.add(row.apply(fields));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + " '" + line + "': " + e.getMessage());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(file + " has no data rows");
    }
    return out;
  }
}
