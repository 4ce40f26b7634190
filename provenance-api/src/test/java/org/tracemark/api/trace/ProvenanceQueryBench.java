package org.tracemark.api.trace;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.tracemark.api.TestOrganisations;
import org.tracemark.api.auth.TestTokens;
import org.tracemark.gs1.CheckDigit;

/**
 * Issue 8's query-side figures on a real PostgreSQL: EPCIS capture rate (documents of 1,000
 * events), and the latency of the trace and the consumer view of the end of a 1,000-node chain (999
 * transformations, lot to lot) under 8 concurrent clients. Not part of the test suite (the name is
 * neither *Test nor *IT); run it on a quiet machine:
 *
 * <pre>./mvnw -B verify -Dit.test=ProvenanceQueryBench -Dtest=none \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 *
 * <p>It asserts only that what it measured answered correctly; the figures are printed.
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class ProvenanceQueryBench {

  private static final int CAPTURE_DOCUMENTS = Integer.getInteger("bench.documents", 20);
  private static final int EVENTS_PER_DOCUMENT = 1000;
  private static final int CHAIN = 1000;
  private static final int CLIENTS = 8;
  private static final int REQUESTS = Integer.getInteger("bench.requests", 400);

  @Inject DataSource dataSource;
  @Inject ObjectMapper json;

  @ConfigProperty(name = "tracemark.db.schema")
  String schema;

  @TestHTTPResource("/")
  URL base;

  private UUID org;
  private String prefix;

  @Test
  void captureRateAndTraceAndConsumerViewLatency() throws Exception {
    org = UUID.randomUUID();
    prefix = TestOrganisations.freshPrefix();
    TestOrganisations.insert(dataSource, schema, org, "Bench", "AU", prefix);
    String token = TestTokens.producer(org);

    // Capture: documents of 1,000 ObjectEvents each, one after the other.
    List<String> documents = new ArrayList<>();
    for (int d = 0; d < CAPTURE_DOCUMENTS; d++) {
      ArrayNode events = json.createArrayNode();
      for (int i = 0; i < EVENTS_PER_DOCUMENT; i++) {
        ObjectNode event = event("ObjectEvent", "2026-02-01T08:00:00.000+08:00");
        event.put("action", "OBSERVE");
        event.put("bizStep", "shipping");
        event.putArray("epcList").add("urn:epc:id:sgtin:" + prefix + ".0123." + d + "-" + i);
        events.add(event);
      }
      documents.add(document(events));
    }
    long started = System.nanoTime();
    for (String document : documents) {
      given()
          .auth()
          .oauth2(token)
          .contentType("application/json")
          .body(document)
          .post("/epcis/capture")
          .then()
          .statusCode(202);
    }
    double captureSeconds = (System.nanoTime() - started) / 1e9;

    // A 1,000-node chain: lot 0 → lot 1 → … → lot 999, in documents of 500 transformations.
    ArrayNode chain = json.createArrayNode();
    for (int i = 1; i < CHAIN; i++) {
      ObjectNode event = event("TransformationEvent", "2026-03-01T08:00:00.000+08:00");
      event
          .putArray("inputQuantityList")
          .addObject()
          .put("epcClass", lot(i - 1))
          .put("quantity", 1)
          .put("uom", "KGM");
      event
          .putArray("outputQuantityList")
          .addObject()
          .put("epcClass", lot(i))
          .put("quantity", 1)
          .put("uom", "KGM");
      chain.add(event);
      if (chain.size() == 500 || i == CHAIN - 1) {
        given()
            .auth()
            .oauth2(token)
            .contentType("application/json")
            .body(document(chain))
            .post("/epcis/capture")
            .then()
            .statusCode(202);
        chain = json.createArrayNode();
      }
    }
    String gtin = "0" + prefix + "123";
    String consumer = "api/consumer/01/" + gtin + CheckDigit.compute(gtin) + "/10/L" + (CHAIN - 1);
    String trace =
        "api/trace?depth=1000&epc="
            + java.net.URLEncoder.encode(lot(CHAIN - 1), java.nio.charset.StandardCharsets.UTF_8);
    // Correct before fast: the whole chain is there.
    assertThat(
            given()
                .auth()
                .oauth2(TestTokens.customs())
                .queryParam("depth", 1000)
                .queryParam("epc", lot(CHAIN - 1))
                .get("/api/trace")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("nodes"))
        .hasSize(CHAIN);

    double[] traceLatency = load(trace, TestTokens.customs());
    double[] consumerLatency = load(consumer, null);
    System.out.printf(
        "ProvenanceQueryBench (%d cores)%n"
            + "  capture: %,d events in %d documents in %.2f s = %,.0f events/s (target >= 2,000)%n"
            + "  trace of a %,d-node chain, %d clients: p50 %.1f ms, p99 %.1f ms, %,.0f req/s%n"
            + "  consumer view of its last lot, %d clients: p50 %.1f ms, p99 %.1f ms, %,.0f req/s"
            + " (target p99 < 50 ms)%n",
        Runtime.getRuntime().availableProcessors(),
        CAPTURE_DOCUMENTS * EVENTS_PER_DOCUMENT,
        CAPTURE_DOCUMENTS,
        captureSeconds,
        CAPTURE_DOCUMENTS * EVENTS_PER_DOCUMENT / captureSeconds,
        CHAIN,
        CLIENTS,
        traceLatency[0],
        traceLatency[1],
        traceLatency[2],
        CLIENTS,
        consumerLatency[0],
        consumerLatency[1],
        consumerLatency[2]);
  }

  private String lot(int i) {
    return "urn:epc:class:lgtin:" + prefix + ".0123.L" + i;
  }

  private ObjectNode event(String type, String time) {
    ObjectNode event = json.createObjectNode();
    event.put("type", type);
    event.put("eventTime", time);
    event.put("eventTimeZoneOffset", "+08:00");
    event.putObject("bizLocation").put("id", "urn:epc:id:sgln:" + prefix + ".001.0");
    return event;
  }

  private String document(ArrayNode events) throws Exception {
    ObjectNode document = json.createObjectNode();
    document.put("type", "EPCISDocument");
    document.put("schemaVersion", "2.0");
    document.put("creationDate", "2026-03-01T08:00:00.000Z");
    document.putObject("epcisBody").set("eventList", events);
    return json.writeValueAsString(document);
  }

  /** p50 and p99 in ms and requests/s of {@link #REQUESTS} GETs from {@link #CLIENTS} clients. */
  private double[] load(String path, String token) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI uri = URI.create(base.toString()).resolve(path);
    for (int i = 0; i < 20; i++) { // warm up
      client.send(request(uri, token), HttpResponse.BodyHandlers.discarding());
    }
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    long started = System.nanoTime();
    List<Future<?>> work = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      work.add(
          pool.submit(
              () -> {
                for (int i = 0; i < REQUESTS / CLIENTS; i++) {
                  long t = System.nanoTime();
                  HttpResponse<Void> response =
                      client.send(request(uri, token), HttpResponse.BodyHandlers.discarding());
                  assertThat(response.statusCode()).isEqualTo(200);
                  latencies.add((System.nanoTime() - t) / 1e6);
                }
                return null;
              }));
    }
    for (Future<?> f : work) {
      f.get();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    List<Double> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return new double[] {
      sorted.get(sorted.size() / 2),
      sorted.get((int) (sorted.size() * 0.99)),
      sorted.size() / seconds
    };
  }

  private static HttpRequest request(URI uri, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder.GET().build();
  }
}
