package org.tracemark.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks every page under META-INF/resources for the promises in the module README: the basics of
 * accessibility, no broken local links, and a script budget.
 */
class PageBudgetTest {

  static final Path ROOT = Path.of("src/main/resources/META-INF/resources");
  static final long SCRIPT_BUDGET_BYTES = 300 * 1024;

  /** Routes served by the application rather than by this module. */
  static final Set<String> SERVER_ROUTES = Set.of("/q/swagger-ui", "/q/openapi", "/q/health/ready");

  static final Pattern LOCAL_REF = Pattern.compile("(?:href|src)=\"(/[^\"#?]*)");
  static final Pattern SCRIPT_SRC = Pattern.compile("<script[^>]*\\ssrc=\"(/[^\"]+)\"");

  static List<Path> pages() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files.filter(p -> p.toString().endsWith(".html")).toList();
    }
  }

  @Test
  void thereArePagesToCheck() throws IOException {
    assertThat(pages()).extracting(p -> ROOT.relativize(p).toString()).contains("index.html");
  }

  @Test
  void everyPageHasLanguageTitleViewportAndOneMain() throws IOException {
    for (Path page : pages()) {
      String html = Files.readString(page);
      assertThat(html).as(page + " lang").containsPattern("<html[^>]*\\slang=\"[a-z]{2}");
      assertThat(html).as(page + " title").containsPattern("<title>[^<]+</title>");
      assertThat(html).as(page + " viewport").contains("name=\"viewport\"");
      assertThat(html.split("<main", -1)).as(page + " one <main>").hasSize(2);
    }
  }

  @Test
  void everyLocalReferenceResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path page : pages()) {
      Matcher m = LOCAL_REF.matcher(Files.readString(page));
      while (m.find()) {
        String ref = m.group(1);
        if (!SERVER_ROUTES.contains(ref)
            && !ref.equals("/")
            && !Files.isRegularFile(ROOT.resolve(ref.substring(1)))) {
          broken.add(ROOT.relativize(page) + " -> " + ref);
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  @Test
  void noPageLoadsMoreThanTheScriptBudget() throws IOException {
    for (Path page : pages()) {
      long total = 0;
      Matcher m = SCRIPT_SRC.matcher(Files.readString(page));
      while (m.find()) {
        total += Files.size(ROOT.resolve(m.group(1).substring(1)));
      }
      assertThat(total).as(page + " script bytes").isLessThanOrEqualTo(SCRIPT_BUDGET_BYTES);
    }
  }
}
