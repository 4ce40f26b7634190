package org.tracemark.ingest.bus.pulsar;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A persistent partitioned topic, and its creation through the broker's admin REST API: the client
 * library can only auto-create non-partitioned topics, and pulsar-client-admin would bring a second
 * HTTP stack for two calls.
 */
record PartitionedTopic(String tenant, String namespace, String name) {

  private static final Pattern NAME =
      Pattern.compile("persistent://([A-Za-z0-9_.=:-]+)/([A-Za-z0-9_.=:-]+)/([A-Za-z0-9_.=:-]+)");
  private static final Pattern PARTITIONS = Pattern.compile("\"partitions\"\\s*:\\s*(\\d+)");
  private static final System.Logger LOG = System.getLogger(PartitionedTopic.class.getName());

  static PartitionedTopic parse(String topic) {
    Matcher m = NAME.matcher(topic == null ? "" : topic);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "topic must be persistent://tenant/namespace/name (a persistent topic: the bus keeps"
              + " messages until the sequencer acknowledges them), not "
              + topic);
    }
    return new PartitionedTopic(m.group(1), m.group(2), m.group(3));
  }

  String uri() {
    return "persistent://" + tenant + "/" + namespace + "/" + name;
  }

  /**
   * Creates the topic with {@code partitions} partitions unless it exists; returns the partition
   * count it has. Two processes creating it at once is fine: the loser gets 409 and reads the
   * count.
   */
  int ensureExists(URI admin, int partitions, Duration timeout, Path trustCerts)
      throws IOException, InterruptedException {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
    if ("https".equals(admin.getScheme()) && trustCerts != null) {
      builder.sslContext(trusting(trustCerts));
    }
    HttpClient http = builder.build();
    URI path =
        admin.resolve(
            "/admin/v2/persistent/" + tenant + "/" + namespace + "/" + name + "/partitions");
    int existing = partitionsAt(http, path, timeout);
    if (existing > 0) {
      if (existing != partitions) {
        LOG.log(
            System.Logger.Level.WARNING,
            uri()
                + " exists with "
                + existing
                + " partitions, not the configured "
                + partitions
                + "; keeping "
                + existing
                + " (changing it would reorder devices)");
      }
      return existing;
    }
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(path)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Integer.toString(partitions)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() == 204 || created.statusCode() == 200) {
      LOG.log(System.Logger.Level.INFO, "created " + uri() + " with " + partitions + " partitions");
      return partitions;
    }
    if (created.statusCode() == 409) {
      int now = partitionsAt(http, path, timeout);
      if (now > 0) {
        return now;
      }
      throw new IOException(
          uri()
              + " exists as a non-partitioned topic; the bus needs a partitioned one (delete it"
              + " or choose another topic): "
              + created.body());
    }
    throw new IOException(
        "PUT " + path + " answered " + created.statusCode() + ": " + created.body());
  }

  private static int partitionsAt(HttpClient http, URI path, Duration timeout)
      throws IOException, InterruptedException {
    HttpResponse<String> got =
        http.send(
            HttpRequest.newBuilder(path).timeout(timeout).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (got.statusCode() == 404) {
      return 0; // no topic of that name at all
    }
    if (got.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + got.statusCode() + ": " + got.body());
    }
    // {"partitions":4,"deleted":false}; 0 when there is no partitioned topic of that name.
    Matcher m = PARTITIONS.matcher(got.body());
    if (!m.find()) {
      throw new IOException("GET " + path + " gave no partition count: " + got.body());
    }
    return Integer.parseInt(m.group(1));
  }

  private static SSLContext trusting(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      if (i == 0) {
        throw new IOException("no certificate in " + pem);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust the certificates in " + pem + ": " + e.getMessage(), e);
    }
  }
}
