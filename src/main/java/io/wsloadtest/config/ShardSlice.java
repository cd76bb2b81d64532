package io.wsloadtest.config;

import java.util.ArrayList;
import java.util.List;

/** How a run is cut into shards: users shared out evenly, lists dealt out round robin. */
public final class ShardSlice {

  private ShardSlice() {}

  /** Shard {@code index}'s share of {@code total}; the first {@code total % count} shards take one more. */
  public static int share(int total, int index, int count) {
    return total / count + (index < total % count ? 1 : 0);
  }

  /** Elements index, index + count, index + 2 * count, ... : every element goes to exactly one shard. */
  public static <T> List<T> slice(List<T> all, int index, int count) {
    List<T> out = new ArrayList<>();
    for (int i = index; i < all.size(); i += count) {
      out.add(all.get(i));
    }
    return List.copyOf(out);
  }
}
