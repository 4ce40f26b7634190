package org.tracemark.api.gs1;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.tracemark.api.problem.Problem;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.digitallink.DigitalLink;
import org.tracemark.gs1.element.Element;
import org.tracemark.gs1.element.ElementString;
import org.tracemark.gs1.scan.ScanData;

/**
 * Checks GS1 data the way a scanner or a label printer sees it, so a producer can find a wrong
 * check digit or a misordered Digital Link before the labels are printed.
 */
@Path("/api/gs1")
@Tag(name = "GS1")
public class Gs1Resource {

  /** What was scanned or typed: a Digital Link URI or an element string (bracketed or FNC1). */
  public record ParseRequest(
      @NotNull @NotBlank @Size(max = DigitalLink.MAX_URI_LENGTH) String data) {}

  /** One Application Identifier and its value; {@code date} when the AI holds a date. */
  public record ElementView(String ai, String title, String value, LocalDate date) {}

  /**
   * The data in every form Tracemark speaks.
   *
   * @param digitalLink the canonical Digital Link URI, when the data has a primary key for one
   */
  public record ParseResult(List<ElementView> elements, String elementString, String digitalLink) {}

  @POST
  @Path("/parse")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Validate GS1 data and return its parts",
      description =
          "Accepts a GS1 Digital Link URI or an element string (human-readable with brackets, or"
              + " barcode data with FNC1/GS separators and an optional symbology identifier)."
              + " Check digits, character sets, lengths and AI order are validated; an error is an"
              + " invalid-gs1 problem whose code names the rule that failed.")
  @APIResponse(responseCode = "200", description = "The data is valid GS1 data")
  @APIResponse(
      responseCode = "400",
      description =
          "invalid-gs1 (with the rule in `code`), malformed-json, invalid-request or validation-failed",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public ParseResult parse(@Valid @NotNull ParseRequest request) {
    try {
      ElementString parsed = ScanData.parse(request.data());
      List<ElementView> elements =
          parsed.elements().stream()
              .map(e -> new ElementView(e.code(), e.ai().title(), e.value(), dateOf(e)))
              .toList();
      return new ParseResult(elements, parsed.toHumanReadable(), digitalLinkOf(parsed));
    } catch (Gs1Exception e) {
      throw new ProblemException(ProblemType.INVALID_GS1, e.getMessage(), e.code().id(), e);
    }
  }

  private static LocalDate dateOf(Element element) {
    return element.date().orElse(null);
  }

  /**
   * Valid element strings that cannot be one Digital Link (e.g. AI 21 beside an SSCC: a serial
   * qualifies only a GTIN) get none, rather than an error; the elements are still reported.
   */
  private static String digitalLinkOf(ElementString parsed) {
    try {
      return DigitalLink.of(parsed).toUri();
    } catch (Gs1Exception e) {
      return null;
    }
  }
}
