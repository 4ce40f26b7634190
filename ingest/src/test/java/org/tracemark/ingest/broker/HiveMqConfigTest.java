package org.tracemark.ingest.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The config.xml we write is valid against the schema HiveMQ ships and says what we mean. */
class HiveMqConfigTest {

  @TempDir Path folder;

  @Test
  void theConfigIsValidForHiveMqAndTurnsOffStatisticsAndRaisesLimits() throws Exception {
    HiveMqConfig.write(folder, "127.0.0.1", 41883, Optional.empty(), Optional.empty(), 1_000_000L);
    Path config = folder.resolve("config.xml");

    URL xsd = getClass().getClassLoader().getResource("config.xsd");
    assertThat(xsd).as("HiveMQ's config.xsd on the class path").isNotNull();
    SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(xsd)
        .newValidator()
        .validate(new StreamSource(config.toFile()));

    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(config.toFile());
    assertThat(text(xml, "/hivemq/anonymous-usage-statistics/enabled")).isEqualTo("false");
    assertThat(text(xml, "/hivemq/mqtt/queued-messages/max-queue-size")).isEqualTo("1000000");
    assertThat(text(xml, "/hivemq/mqtt/receive-maximum/server-receive-maximum")).isEqualTo("65535");
    assertThat(text(xml, "/hivemq/mqtt/shared-subscriptions/enabled")).isEqualTo("true");
    assertThat(text(xml, "/hivemq/persistence/mode")).isEqualTo("file");
    assertThat(text(xml, "/hivemq/listeners/tcp-listener/port")).isEqualTo("41883");
    assertThat(text(xml, "/hivemq/listeners/tcp-listener/bind-address")).isEqualTo("127.0.0.1");
    assertThat(Files.readString(config)).doesNotContain("tls-tcp-listener");
  }

  private static String text(Document xml, String path) throws Exception {
    return XPathFactory.newInstance().newXPath().evaluate(path, xml);
  }
}
