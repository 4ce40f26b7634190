package org.tracemark.ingest.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes the {@code config.xml} HiveMQ CE reads from its configuration folder (schema: {@code
 * config.xsd} in the HiveMQ jar). Everything not set here keeps HiveMQ's default.
 */
final class HiveMqConfig {

  /** MQTT 5's ceiling; HiveMQ's default of 10 would throttle a fast publisher needlessly. */
  static final int SERVER_RECEIVE_MAXIMUM = 65_535;

  private HiveMqConfig() {}

  static void write(
      Path folder,
      String host,
      int port,
      Optional<Integer> tlsPort,
      Optional<TlsKeyStores> tls,
      long maxQueuedMessages)
      throws IOException {
    StringBuilder xml = new StringBuilder();
    xml.append("<?xml version=\"1.0\"?>\n<hivemq>\n  <listeners>\n");
    xml.append("    <tcp-listener>\n");
    element(xml, 6, "port", Integer.toString(port));
    element(xml, 6, "bind-address", host);
    element(xml, 6, "name", "tracemark-mqtt");
    xml.append("    </tcp-listener>\n");
    if (tls.isPresent() && tlsPort.isPresent()) {
      TlsKeyStores stores = tls.get();
      xml.append("    <tls-tcp-listener>\n");
      element(xml, 6, "port", Integer.toString(tlsPort.get()));
      element(xml, 6, "bind-address", host);
      element(xml, 6, "name", "tracemark-mqtts");
      xml.append("      <tls>\n        <keystore>\n");
      element(xml, 10, "path", stores.keyStore().toString());
      element(xml, 10, "password", stores.password());
      element(xml, 10, "private-key-password", stores.password());
      xml.append("        </keystore>\n        <truststore>\n");
      element(xml, 10, "path", stores.trustStore().toString());
      element(xml, 10, "password", stores.password());
      xml.append("        </truststore>\n        <protocols>\n");
      element(xml, 10, "protocol", "TLSv1.3");
      element(xml, 10, "protocol", "TLSv1.2");
      xml.append("        </protocols>\n");
      // The client certificate is the device's identity: no certificate, no connection.
      element(xml, 8, "client-authentication-mode", "REQUIRED");
      xml.append("      </tls>\n    </tls-tcp-listener>\n");
    }
    xml.append("  </listeners>\n  <mqtt>\n    <queued-messages>\n");
    element(xml, 6, "max-queue-size", Long.toString(maxQueuedMessages));
    // When a queue is full, keep what is queued and drop the newest: the oldest readings are the
    // ones a device may no longer hold in its own outbox.
    element(xml, 6, "strategy", "discard");
    xml.append("    </queued-messages>\n    <shared-subscriptions>\n");
    element(xml, 6, "enabled", "true");
    xml.append("    </shared-subscriptions>\n    <receive-maximum>\n");
    element(xml, 6, "server-receive-maximum", Integer.toString(SERVER_RECEIVE_MAXIMUM));
    xml.append("    </receive-maximum>\n  </mqtt>\n  <security>\n");
    xml.append("    <allow-empty-client-id>\n");
    // A client id is an identity here (a device id or an internal id); an empty one is neither.
    element(xml, 6, "enabled", "false");
    xml.append("    </allow-empty-client-id>\n  </security>\n");
    xml.append("  <anonymous-usage-statistics>\n");
    element(xml, 4, "enabled", "false");
    xml.append("  </anonymous-usage-statistics>\n  <persistence>\n");
    element(xml, 4, "mode", "file");
    xml.append("  </persistence>\n</hivemq>\n");
    Files.writeString(folder.resolve("config.xml"), xml, StandardCharsets.UTF_8);
  }

  private static void element(StringBuilder xml, int indent, String name, String value) {
    xml.append(" ".repeat(indent))
        .append('<')
        .append(name)
        .append('>')
        .append(escape(value))
        .append("</")
        .append(name)
        .append(">\n");
  }

  private static String escape(String value) {
    return value
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&apos;");
  }
}
