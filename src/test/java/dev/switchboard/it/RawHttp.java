package dev.switchboard.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A bare HTTP/1.1 client on a socket, for what real clients do but libraries hide: stopping halfway
 * through a body, reading a stream chunk by chunk, hanging up. Not thread-safe.
 */
final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final StringBuilder received = new StringBuilder();

  RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  void send(String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  static String post(String path, String body) {
    return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }

  /** Reads until {@code marker} has been received (or the connection ends); returns all so far. */
  String readUntil(String marker) throws IOException {
    byte[] buf = new byte[8192];
    while (received.indexOf(marker) < 0) {
      int n = in.read(buf);
      if (n < 0) {
        break;
      }
      received.append(new String(buf, 0, n, StandardCharsets.UTF_8));
    }
    return received.toString();
  }

  /** Reads until the server closes the connection. */
  String readToEnd() throws IOException {
    return readUntil("\u0000never\u0000");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
