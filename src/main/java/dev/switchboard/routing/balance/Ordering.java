package dev.switchboard.routing.balance;

import dev.switchboard.routing.Deployment;
import java.util.List;

/**
 * Array helpers shared by the strategies: a rotated copy, and a sort by a precomputed key whose
 * ties take turns. Stateless; every call works on arrays the caller owns.
 */
final class Ordering {

  private Ordering() {}

  /** Copies the candidates into a new array, starting at {@code turn} modulo their count. */
  static Deployment[] rotated(List<Deployment> candidates, long turn) {
    int n = candidates.size();
    int start = (int) Math.floorMod(turn, (long) n);
    Deployment[] out = new Deployment[n];
    for (int i = 0; i < n; i++) {
      int j = start + i;
      out[i] = candidates.get(j < n ? j : j - n);
    }
    return out;
  }

  /** The candidates in their given order, as a new array. */
  static Deployment[] copy(List<Deployment> candidates) {
    int n = candidates.size();
    Deployment[] out = new Deployment[n];
    for (int i = 0; i < n; i++) {
      out[i] = candidates.get(i);
    }
    return out;
  }

  /**
   * Sorts {@code items} by ascending {@code keys}, then rotates every run of equal keys by
   * {@code turn}, so that over k consecutive turns each of k tied items leads its run once. (Merely
   * rotating the input before a stable sort would not be fair: tied items that are not neighbours
   * in the input would lead unequally often.)
   */
  static void sortAscending(Deployment[] items, double[] keys, long turn) {
    sortAscending(items, keys);
    int start = 0;
    while (start < items.length) {
      int end = start + 1;
      while (end < items.length && keys[end] == keys[start]) {
        end++;
      }
      int length = end - start;
      if (length > 1) {
        rotateLeft(items, start, end, (int) Math.floorMod(turn, (long) length));
      }
      start = end;
    }
  }

  /** Rotates {@code items[from, to)} left by {@code by} in place, by three reversals. */
  private static void rotateLeft(Deployment[] items, int from, int to, int by) {
    if (by == 0) {
      return;
    }
    reverse(items, from, from + by);
    reverse(items, from + by, to);
    reverse(items, from, to);
  }

  private static void reverse(Deployment[] items, int from, int to) {
    for (int i = from, j = to - 1; i < j; i++, j--) {
      Deployment t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
  }

  /**
   * Sorts {@code items} by ascending {@code keys}, moving each key with its item. Insertion sort:
   * stable (equal keys keep their order) and the fastest choice for the ten-odd items of a route.
   */
  static void sortAscending(Deployment[] items, double[] keys) {
    for (int i = 1; i < items.length; i++) {
      Deployment item = items[i];
      double key = keys[i];
      int j = i - 1;
      while (j >= 0 && keys[j] > key) {
        items[j + 1] = items[j];
        keys[j + 1] = keys[j];
        j--;
      }
      items[j + 1] = item;
      keys[j + 1] = key;
    }
  }
}
