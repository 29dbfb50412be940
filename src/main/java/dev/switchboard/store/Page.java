package dev.switchboard.store;

import java.util.List;

/**
 * One page of a long listing. Pass {@code nextCursor} back to get the following page. Immutable.
 *
 * @param items this page, newest first
 * @param nextCursor opaque cursor of the next page, or null when this is the last
 * @param <T> the row type
 */
public record Page<T>(List<T> items, String nextCursor) {
  public Page {
    items = List.copyOf(items);
  }
}
