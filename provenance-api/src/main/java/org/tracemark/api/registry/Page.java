package org.tracemark.api.registry;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.function.Function;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;

/**
 * One page of a registry list, in key order; {@code next} is the URL of the following page (the
 * same query with {@code after} set to this page's last key), absent on the last page. Keyset
 * paging: a page costs the same wherever it is, and rows registered meanwhile neither repeat nor
 * shift one.
 */
public record Page<T>(List<T> items, String next) {

  /** Default page size. */
  static final int DEFAULT_LIMIT = 100;

  /** Largest page size. */
  static final int MAX_LIMIT = 1000;

  /** {@code limit} checked: 1 to 1000, 100 when absent. */
  static int size(Integer limit) {
    int size = limit == null ? DEFAULT_LIMIT : limit;
    if (size < 1 || size > MAX_LIMIT) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST, "limit must be 1 to " + MAX_LIMIT + ", not " + size + ".");
    }
    return size;
  }

  /**
   * The page of {@code rows} (fetched with {@code size + 1} to learn whether more follow).
   *
   * @param key the key {@code after} takes for a row
   */
  static <R, T> Page<T> of(
      List<R> rows, int size, UriInfo uri, Function<R, String> key, Function<R, T> view) {
    List<R> shown = rows.size() > size ? rows.subList(0, size) : rows;
    String next = null;
    if (rows.size() > size) {
      var link =
          uri.getRequestUriBuilder()
              .replaceQueryParam("limit", size)
              .replaceQueryParam("after", key.apply(shown.get(size - 1)))
              .build();
      next = link.getRawPath() + "?" + link.getRawQuery();
    }
    return new Page<>(shown.stream().map(view).toList(), next);
  }
}
