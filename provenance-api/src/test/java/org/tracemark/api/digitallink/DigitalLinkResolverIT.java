package org.tracemark.api.digitallink;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import org.junit.jupiter.api.Test;

/**
 * The resolver as a scanner app and a phone meet it: GS1 Digital Link paths checked (check digits,
 * AI order), a linkset by content negotiation or ?linkType=all, a 303 to a requested or the default
 * link, problem+json for what is not a valid Digital Link.
 */
@QuarkusTest
class DigitalLinkResolverIT {

  private static final String LOT = "/01/09506000134352/10/ABC123";
  private static final RestAssuredConfig NO_REDIRECTS =
      RestAssuredConfig.config().redirect(RedirectConfig.redirectConfig().followRedirects(false));

  @Test
  void aLinksetListsEveryLinkWithTheCanonicalAnchor() {
    given()
        .accept(DigitalLinkResolver.LINKSET)
        .get(LOT)
        .then()
        .statusCode(200)
        .contentType(DigitalLinkResolver.LINKSET)
        .body("linkset[0].anchor", equalTo("https://id.gs1.org" + LOT))
        .body("linkset[0].'https://gs1.org/voc/pip'[0].href", endsWith("/api/consumer" + LOT))
        .body(
            "linkset[0].'https://gs1.org/voc/defaultLink'[0].href", endsWith("/api/consumer" + LOT))
        .body(
            "linkset[0].'https://gs1.org/voc/traceability'[0].href",
            containsString(
                "/api/trace?direction=both&epc=https%3A%2F%2Fid.gs1.org%2F01%2F09506000134352%2F10%2FABC123"));
    // The same with ?linkType=all, whatever the Accept header; a GTIN-13 reads as its GTIN-14.
    given()
        .config(NO_REDIRECTS)
        .get("/01/9506000134352?linkType=all")
        .then()
        .statusCode(200)
        .body("linkset[0].anchor", equalTo("https://id.gs1.org/01/09506000134352"));
  }

  @Test
  void aPhoneIsSentToTheDefaultLinkAndALinkTypeToThatLink() {
    given()
        .config(NO_REDIRECTS)
        .accept("text/html,application/xhtml+xml,*/*;q=0.8")
        .get("/01/09506000134352/21/XYZ")
        .then()
        .statusCode(303)
        .header("Location", endsWith("/api/consumer/01/09506000134352/21/XYZ"))
        .header("Link", containsString("rel=\"linkset\""));
    given()
        .config(NO_REDIRECTS)
        .get(LOT + "?linkType=gs1:epcis")
        .then()
        .statusCode(303)
        .header("Location", containsString("/epcis/events?MATCH_anyEPC="));
    given()
        .config(NO_REDIRECTS)
        .get(LOT + "?linkType=gs1:recipeInfo")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("gs1:pip"));
  }

  @Test
  void ssccAndGlnResolveToWhatTheyHave() {
    given()
        .accept(DigitalLinkResolver.LINKSET)
        .get("/00/106141412345678908")
        .then()
        .statusCode(200)
        .body("linkset[0].'https://gs1.org/voc/traceability'", org.hamcrest.Matchers.notNullValue())
        .body("linkset[0].'https://gs1.org/voc/defaultLink'[0].href", containsString("/api/trace"));
    given()
        .config(NO_REDIRECTS)
        .get("/414/9506000000008")
        .then()
        .statusCode(303)
        .header("Location", containsString("/epcis/events?MATCH_anyEPC="));
  }

  @Test
  void invalidDigitalLinksAre400WithTheRule() {
    for (String[] bad :
        new String[][] {
          {"/01/09506000134353", "bad-check-digit"},
          {"/01/09506000134352/21/S/10/L", "misordered-ai"},
          {"/00/106141412345678901", "bad-check-digit"},
          {"/414/950600000000", "bad-length"}
        }) {
      given()
          .accept(DigitalLinkResolver.LINKSET)
          .get(bad[0])
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("type", equalTo("https://tracemark.org/problems/invalid-gs1"))
          .body("code", equalTo(bad[1]));
    }
    given()
        .accept("text/html")
        .get("/01/09506000134353")
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"));
  }

  @Test
  void theOpenApiDocumentListsTheResolver() {
    given()
        .accept("application/json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths.keySet()", hasItem("/01/{rest}"));
  }
}
