package io.wsloadtest.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One process's registration for Prometheus file-based discovery (file_sd): {@code ROLE-HOSTNAME-PID.json} in
 * the targets folder, holding its /metrics address and the labels role, hostname and pid, which Prometheus puts
 * on every series it scrapes there. The hostname keeps processes of several hosts apart in a shared folder, the
 * pid and start time tell whether the process is still there: a process that registers removes the files of
 * this host's processes that are gone, so a hard kill leaves no target behind for longer than the next start.
 */
public final class ScrapeTarget {

  /** Hidden from the series (Prometheus drops labels starting with "__"), kept for the staleness check. */
  static final String STARTED = "__meta_wsload_process_start";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOSTNAME = hostname();

  /** A registration as read back: its address, labels, and file. */
  public record Registered(String address, String role, String hostname, long pid, Optional<Instant> started,
      Path file) {

    public String url() {
      return "http://" + address + "/metrics";
    }

    /** Whether it is a registration of a process of this host that no longer runs (or whose pid was reused). */
    boolean gone() {
      if (!hostname.equals(HOSTNAME) || pid <= 0) {
        return false; // another host's process (its own host cleans up after it), or not one of ours
      }
      Optional<ProcessHandle> p = ProcessHandle.of(pid);
      if (p.isEmpty() || !p.get().isAlive()) {
        return true;
      }
      Optional<Instant> now = p.get().info().startInstant();
      return started.isPresent() && now.isPresent()
          && Math.abs(now.get().toEpochMilli() - started.get().toEpochMilli()) > 1_000;
    }
  }

  private ScrapeTarget() {}

  /** This host's name, as the hostname label and in file names. */
  public static String thisHost() {
    return HOSTNAME;
  }

  /**
   * Registers {@code address} (host:port) of this process under {@code role}, after removing the registrations
   * of this host's processes that are gone; written aside and moved, so Prometheus never reads half a file.
   *
   * @return the file written
   */
  static Path register(Path dir, String address, String role) throws IOException {
    Files.createDirectories(dir);
    removeGone(dir);
    ProcessHandle self = ProcessHandle.current();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("role", role);
    labels.put("hostname", HOSTNAME);
    labels.put("pid", Long.toString(self.pid()));
    self.info().startInstant().ifPresent(t -> labels.put(STARTED, t.toString()));
    Path file = dir.resolve(role + "-" + HOSTNAME.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + self.pid() + ".json");
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), List.of(Map.of("targets", List.of(address), "labels", labels)));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /** Removes the registrations of this host's processes that are gone; returns how many. */
  static int removeGone(Path dir) {
    int removed = 0;
    for (Registered r : read(dir)) {
      try {
        if (r.gone() && Files.deleteIfExists(r.file())) {
          removed++;
        }
      } catch (IOException | SecurityException e) {
        // another user's file in a shared folder: theirs to remove
      }
    }
    return removed;
  }

  /** Every registration in {@code dir} that can be read; a file being replaced or not ours is skipped. */
  public static List<Registered> read(Path dir) {
    List<Registered> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        try {
          for (JsonNode group : JSON.readTree(f.toFile())) {
            JsonNode labels = group.path("labels");
            Optional<Instant> started = labels.has(STARTED)
                ? Optional.of(Instant.parse(labels.get(STARTED).asText())) : Optional.empty();
            for (JsonNode target : group.path("targets")) {
              found.add(new Registered(target.asText(), labels.path("role").asText(),
                  labels.path("hostname").asText(), labels.path("pid").asLong(-1), started, f));
            }
          }
        } catch (IOException | RuntimeException e) {
          // removed or replaced while reading, or not a registration: the next round sees it again
        }
      }
    } catch (IOException e) {
      return found;
    }
    return found;
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "localhost" : env;
    }
  }
}
