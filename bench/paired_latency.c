/*
 * Interleaved paired latency, in C: the same request sent alternately to the direct upstream and
 * through the gateway over two keep-alive connections, one at a time (concurrency 1), so both
 * paths see the same moments of a noisy shared machine. wrk measures the two paths in separate
 * runs seconds apart; a difference of their p99s then mixes the gateway's tail with the machine's
 * mood in each run. Output matches bench/PairedLatency.java (values in microseconds):
 *   direct p50= p90= p99= max=
 *   gateway p50= p90= p99= max=
 *   added_by_percentile p50= p90= p99= max=
 *   added_pairwise p50= p90= p99=
 *   errors= pairs=
 *
 * Build: cc -O2 -o paired_latency bench/paired_latency.c
 * Usage: paired_latency DIRECT_URL GATEWAY_URL DIRECT_BODY_FILE GATEWAY_BODY_FILE PAIRS WARMUP
 *        (URLs as http://127.0.0.1:PORT/path; HTTP/1.1, Content-Length or chunked answers)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  char host[64];
  int port;
  char path[256];
  char *request;
  size_t request_len;
  int fd;
  char buf[1 << 17];
} Target;

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static char *read_file(const char *name, size_t *len) {
  FILE *f = fopen(name, "rb");
  if (!f) { perror(name); exit(2); }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *data = malloc(n + 1);
  if (fread(data, 1, n, f) != (size_t)n) { perror(name); exit(2); }
  fclose(f);
  *len = (size_t)n;
  return data;
}

static void parse_url(const char *url, Target *t) {
  if (sscanf(url, "http://%63[^:]:%d%255s", t->host, &t->port, t->path) != 3) {
    fprintf(stderr, "paired_latency: expected http://HOST:PORT/PATH, got %s\n", url);
    exit(2);
  }
}

static void build_request(Target *t, const char *body_file) {
  size_t body_len;
  char *body = read_file(body_file, &body_len);
  char head[1024];
  int n = snprintf(head, sizeof head,
      "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
      "Content-Length: %zu\r\n\r\n", t->path, t->host, t->port, body_len);
  t->request = malloc(n + body_len);
  memcpy(t->request, head, n);
  memcpy(t->request + n, body, body_len);
  t->request_len = n + body_len;
  free(body);
}

static int connect_to(Target *t) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_port = htons(t->port);
  inet_pton(AF_INET, t->host, &a.sin_addr);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    close(fd);
    return -1;
  }
  t->fd = fd;
  return 0;
}

/* Reads until `have` holds `need` bytes; returns the count held, or -1. */
static long fill(Target *t, long have, long need) {
  while (have < need) {
    if (need > (long)sizeof t->buf) return -1;
    ssize_t r = read(t->fd, t->buf + have, sizeof t->buf - have);
    if (r <= 0) return -1;
    have += r;
  }
  return have;
}

/* One request and its whole answer; the time in ns, or -1 on any failure (reconnects). */
static long long once(Target *t) {
  if (t->fd < 0 && connect_to(t) != 0) return -1;
  long long start = now_ns();
  if (write(t->fd, t->request, t->request_len) != (ssize_t)t->request_len) goto fail;
  long have = 0;
  char *end = NULL;
  while (!(end = memmem(t->buf, have, "\r\n\r\n", 4))) {
    ssize_t r = read(t->fd, t->buf + have, sizeof t->buf - have);
    if (r <= 0) goto fail;
    have += r;
  }
  long header_len = end - t->buf + 4;
  if (strncmp(t->buf, "HTTP/1.1 200", 12) != 0) goto fail;
  char *cl = NULL;
  int chunked = 0;
  for (char *line = t->buf; line < t->buf + header_len; ) {
    char *eol = memmem(line, t->buf + header_len - line, "\r\n", 2);
    if (!eol) break;
    if (strncasecmp(line, "content-length:", 15) == 0) cl = line + 15;
    if (strncasecmp(line, "transfer-encoding:", 18) == 0 && memmem(line, eol - line, "chunked", 7))
      chunked = 1;
    line = eol + 2;
  }
  if (cl) {
    long need = header_len + strtol(cl, NULL, 10);
    if (fill(t, have, need) < 0) goto fail;
  } else if (chunked) {
    long pos = header_len;
    for (;;) {
      char *eol;
      while (!(eol = memmem(t->buf + pos, have - pos, "\r\n", 2))) {
        if ((have = fill(t, have, have + 1)) < 0) goto fail;
      }
      long size = strtol(t->buf + pos, NULL, 16);
      pos = (eol - t->buf) + 2 + size + 2;
      if ((have = fill(t, have, pos)) < 0) goto fail;
      if (size == 0) break;
    }
  } else {
    goto fail;
  }
  return now_ns() - start;
fail:
  close(t->fd);
  t->fd = -1;
  return -1;
}

static int cmp(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array. */
static long long pct(const long long *v, int n, double p) {
  int i = (int)((p / 100.0) * n + 0.999999) - 1;
  if (i < 0) i = 0;
  if (i >= n) i = n - 1;
  return v[i];
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: %s DIRECT_URL GATEWAY_URL DIRECT_BODY GATEWAY_BODY PAIRS WARMUP\n",
        argv[0]);
    return 2;
  }
  static Target d, g;
  parse_url(argv[1], &d);
  parse_url(argv[2], &g);
  build_request(&d, argv[3]);
  build_request(&g, argv[4]);
  d.fd = g.fd = -1;
  int pairs = atoi(argv[5]), warmup = atoi(argv[6]);
  long long *vd = malloc(sizeof(long long) * pairs), *vg = malloc(sizeof(long long) * pairs);
  long long *diff = malloc(sizeof(long long) * pairs);
  int n = 0, errors = 0, consecutive = 0;
  for (int i = 0; n < pairs; i++) {
    long long td, tg;
    /* alternate which path goes first, so neither always follows the other */
    if (i % 2 == 0) { td = once(&d); tg = once(&g); } else { tg = once(&g); td = once(&d); }
    if (td < 0 || tg < 0) {
      errors++;
      if (++consecutive > 50) { fprintf(stderr, "paired_latency: 50 failures in a row\n"); return 1; }
      continue;
    }
    consecutive = 0;
    if (i < warmup) continue;
    vd[n] = td;
    vg[n] = tg;
    diff[n] = tg - td;
    n++;
  }
  qsort(vd, n, sizeof *vd, cmp);
  qsort(vg, n, sizeof *vg, cmp);
  qsort(diff, n, sizeof *diff, cmp);
  double us = 1000.0;
  printf("direct p50=%.1f p90=%.1f p99=%.1f max=%.1f\n", pct(vd, n, 50) / us,
      pct(vd, n, 90) / us, pct(vd, n, 99) / us, vd[n - 1] / us);
  printf("gateway p50=%.1f p90=%.1f p99=%.1f max=%.1f\n", pct(vg, n, 50) / us,
      pct(vg, n, 90) / us, pct(vg, n, 99) / us, vg[n - 1] / us);
  printf("added_by_percentile p50=%.1f p90=%.1f p99=%.1f max=%.1f\n",
      (pct(vg, n, 50) - pct(vd, n, 50)) / us, (pct(vg, n, 90) - pct(vd, n, 90)) / us,
      (pct(vg, n, 99) - pct(vd, n, 99)) / us, (vg[n - 1] - vd[n - 1]) / us);
  printf("added_pairwise p50=%.1f p90=%.1f p99=%.1f\n", pct(diff, n, 50) / us,
      pct(diff, n, 90) / us, pct(diff, n, 99) / us);
  printf("errors=%d pairs=%d\n", errors, n);
  return 0;
}
