package org.tracemark.verify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.tracemark.ledger.log.MissingTileException;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.tile.BundleIndex;
import org.tracemark.ledger.tile.MalformedTilePathException;
import org.tracemark.ledger.tile.TileIndex;

/**
 * A real HTTP server on 127.0.0.1 serving a {@link TestLog} the way {@code LedgerResource} serves
 * the production ledger: {@code /ledger/checkpoint}, {@code /ledger/tile/...}, {@code
 * /ledger/tile/entries/...}, {@code /ledger/proof/...}. A test can then make it misbehave: serve
 * another checkpoint or another log, or rewrite any reply through a {@link Tamper}.
 */
final class LedgerServer implements AutoCloseable {

  /** One HTTP reply. {@code chunked} sends it without a Content-Length. */
  record Reply(int status, byte[] body, Map<String, String> headers, boolean chunked) {
    static Reply ok(byte[] body) {
      return new Reply(200, body, Map.of(), false);
    }

    static Reply status(int status) {
      return new Reply(status, new byte[0], Map.of(), false);
    }

    static Reply redirect(String location) {
      return new Reply(302, new byte[0], Map.of("Location", location), false);
    }

    Reply withBody(byte[] newBody) {
      return new Reply(status, newBody, headers, chunked);
    }

    Reply asChunked() {
      return new Reply(status, body, headers, true);
    }
  }

  /** Rewrites the honest reply to a request ({@code path} is relative to the ledger prefix). */
  @FunctionalInterface
  interface Tamper {
    Reply reply(String path, Reply honest) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final String prefix;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile TestLog log;
  private volatile byte[] checkpoint;
  private volatile Tamper tamper = (path, honest) -> honest;

  private LedgerServer(TestLog log, String prefix) throws IOException {
    this.log = log;
    this.prefix = prefix;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(prefix + "/ledger/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Serves {@code log} with its current checkpoint published. */
  static LedgerServer serving(TestLog log) throws IOException {
    return serving(log, "");
  }

  /** Serves {@code log} under {@code prefix} (e.g. {@code /mirror}): {@code prefix/ledger/...}. */
  static LedgerServer serving(TestLog log, String prefix) throws IOException {
    LedgerServer server = new LedgerServer(log, prefix);
    server.publish();
    return server;
  }

  /** The base URL a verifier is given. */
  URI base() {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + (prefix.isEmpty() ? "/" : prefix));
  }

  LogMonitor monitor(Path state) {
    return monitor(state, MonitorSettings.DEFAULT);
  }

  LogMonitor monitor(Path state, MonitorSettings settings) {
    return LogMonitor.create(
        new MonitoredLog(base(), TestLog.VKEY, TestLog.ORIGIN), state, settings);
  }

  /** Signs and serves the log's current state, as the sequencer does after a batch. */
  LedgerServer publish() {
    checkpoint = log.signedCheckpoint();
    return this;
  }

  /** Serves these checkpoint bytes, whatever they are. */
  void serveCheckpoint(byte[] note) {
    checkpoint = note.clone();
  }

  /** Serves another log's tiles and its signed checkpoint instead: a fork, or a new operator. */
  void switchTo(TestLog other) {
    log = other;
    publish();
  }

  void tamper(Tamper tamper) {
    this.tamper = tamper;
  }

  /** Rewrites the reply to one path only. */
  void tamper(String path, Tamper tamper) {
    this.tamper = (p, honest) -> p.equals(path) ? tamper.reply(p, honest) : honest;
  }

  /** Answers {@code path} only once the server is closed: a server that hangs. */
  void hang(String path) {
    tamper(
        path,
        (p, honest) -> {
          closing.await();
          return honest;
        });
  }

  /** The paths requested so far, relative to the ledger prefix, queries included. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  /** Only the tile and bundle paths requested. */
  List<String> tileRequests() {
    return requests.stream().filter(p -> p.startsWith("tile/")).collect(Collectors.toList());
  }

  void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String raw = exchange.getRequestURI().getRawPath();
      String path = raw.substring((prefix + "/ledger/").length());
      String query = exchange.getRequestURI().getRawQuery();
      if (query != null) {
        path = path + "?" + query;
      }
      requests.add(path);
      Reply reply;
      try {
        reply = tamper.reply(path, honest(path));
      } catch (Exception e) {
        reply = Reply.status(500);
      }
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      long length = reply.chunked() ? 0 : reply.body().length == 0 ? -1 : reply.body().length;
      exchange.sendResponseHeaders(reply.status(), length);
      if (reply.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply.body());
        } catch (IOException e) {
          // The client gave up reading (an oversize body it refused): nothing to do.
        }
      }
    }
  }

  private Reply honest(String path) throws Exception {
    TestLog current = log;
    if (path.equals("checkpoint")) {
      byte[] note = checkpoint;
      return note == null ? Reply.status(404) : Reply.ok(note);
    }
    if (path.equals("vkey")) {
      return Reply.ok((TestLog.VKEY.encoded() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    try {
      if (path.startsWith("tile/entries/")) {
        return Reply.ok(current.reader().bundle(BundleIndex.parse(path)));
      }
      if (path.startsWith("tile/")) {
        return Reply.ok(current.reader().tile(TileIndex.parse(path)));
      }
    } catch (MalformedTilePathException e) {
      return Reply.status(400);
    } catch (MissingTileException e) {
      return Reply.status(404);
    }
    Map<String, Long> query = query(path);
    long committed = current.size().value();
    if (path.startsWith("proof/inclusion?")) {
      long index = query.getOrDefault("index", -1L);
      long size = query.getOrDefault("size", -1L);
      if (size < 1 || size > committed || index < 0 || index >= size) {
        return Reply.status(400);
      }
      List<Hash> proof = current.proofs().inclusionProof(LeafIndex.of(index), TreeSize.of(size));
      return Reply.ok(proofJson("index", index, "size", size, proof));
    }
    if (path.startsWith("proof/consistency?")) {
      long from = query.getOrDefault("from", -1L);
      long to = query.getOrDefault("to", -1L);
      if (to < 1 || to > committed || from < 1 || from > to) {
        return Reply.status(400);
      }
      List<Hash> proof = current.proofs().consistencyProof(TreeSize.of(from), TreeSize.of(to));
      return Reply.ok(proofJson("from", from, "to", to, proof));
    }
    return Reply.status(404);
  }

  /** The JSON the proof endpoints answer with. */
  static byte[] proofJson(String a, long first, String b, long second, List<Hash> hashes) {
    return ("{\""
            + a
            + "\":"
            + first
            + ",\""
            + b
            + "\":"
            + second
            + ",\"hashes\":["
            + hashes.stream().map(h -> "\"" + h.base64() + "\"").collect(Collectors.joining(","))
            + "]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, Long> query(String path) {
    Map<String, Long> values = new HashMap<>();
    int q = path.indexOf('?');
    if (q < 0) {
      return values;
    }
    for (String pair : path.substring(q + 1).split("&")) {
      String[] kv = pair.split("=", 2);
      try {
        values.put(kv[0], Long.parseLong(kv.length == 2 ? kv[1] : ""));
      } catch (NumberFormatException e) {
        // Left out: the handler answers 400.
      }
    }
    return values;
  }
}
