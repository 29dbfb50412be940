package dev.switchboard.governance.limits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The window a spend limit counts over, aligned to UTC: a day from 00:00 UTC, or a calendar month
 * from the 1st at 00:00 UTC. Immutable.
 */
public enum BudgetPeriod {
  DAILY("d", DateTimeFormatter.BASIC_ISO_DATE),
  MONTHLY("m", DateTimeFormatter.ofPattern("yyyyMM"));

  private final String tag;
  private final DateTimeFormatter format;

  BudgetPeriod(String tag, DateTimeFormatter format) {
    this.tag = tag;
    this.format = format;
  }

  /** The start of the window containing {@code now}. */
  public Instant windowStart(Instant now) {
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    LocalDate start = this == DAILY ? day : day.withDayOfMonth(1);
    return start.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** When the window containing {@code now} ends and the counter starts again from zero. */
  public Instant nextReset(Instant now) {
    LocalDate start = LocalDate.ofInstant(windowStart(now), ZoneOffset.UTC);
    LocalDate next = this == DAILY ? start.plusDays(1) : start.plusMonths(1);
    return next.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** A short name of the window containing {@code now}: {@code d:20250131}, {@code m:202501}. */
  String windowId(Instant now) {
    return tag + ":" + format.format(LocalDate.ofInstant(now, ZoneOffset.UTC));
  }
}
