package org.tracemark.ledger.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tracemark.ledger.EntryGen;
import org.tracemark.ledger.tile.MalformedBundleException.Problem;

class EntryBundleTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void encodesBigEndianUint16LengthPrefixes() {
    byte[] bundle = EntryBundle.encode(List.of(new byte[0], HEX.parseHex("aa"), new byte[0x0102]));
    assertThat(HEX.formatHex(Arrays.copyOfRange(bundle, 0, 7)))
        .isEqualTo("000000" + "01aa" + "0102");
    assertThat(bundle).hasSize(2 + 3 + 2 + 0x0102);
  }

  @Test
  void acceptsAnEntryOfExactly65535Bytes() throws Exception {
    byte[] largest = new byte[EntryBundle.MAX_ENTRY_LENGTH];
    largest[largest.length - 1] = 9;
    byte[] bundle = EntryBundle.encode(List.of(largest));
    assertThat(HEX.formatHex(bundle, 0, 2)).isEqualTo("ffff");
    assertThat(EntryBundle.decode(bundle)).singleElement().isEqualTo(largest);
  }

  @Test
  void rejectsAnEntryOver65535BytesNamingIt() {
    List<byte[]> entries = List.of(new byte[3], new byte[65_536]);
    assertThatThrownBy(() -> EntryBundle.encode(entries))
        .isInstanceOfSatisfying(
            EntryTooLargeException.class,
            e -> {
              assertThat(e.position()).isEqualTo(1);
              assertThat(e.length()).isEqualTo(65_536);
            })
        .hasMessageContaining("entry 1")
        .hasMessageContaining("65536 bytes");
  }

  @Test
  void rejectsNoEntriesAndMoreThan256() {
    assertThatThrownBy(() -> EntryBundle.encode(List.of())).hasMessageContaining("got 0");
    List<byte[]> tooMany = new ArrayList<>();
    for (int i = 0; i < 257; i++) {
      tooMany.add(new byte[] {(byte) i});
    }
    assertThatThrownBy(() -> EntryBundle.encode(tooMany)).hasMessageContaining("got 257");
  }

  @Test
  void decodingRejectsAnEmptyBundle() {
    assertProblem(new byte[0], Problem.EMPTY, 0, 0);
  }

  @Test
  void decodingRejectsAHalfLengthPrefix() {
    // One whole entry "aa", then a lone byte where the next length prefix should be.
    assertProblem(HEX.parseHex("0001aa00"), Problem.TRUNCATED_LENGTH, 1, 3);
  }

  @Test
  void decodingRejectsAnEntryCutShort() {
    assertProblem(HEX.parseHex("0001aa0005bbbb"), Problem.TRUNCATED_ENTRY, 1, 3);
  }

  @Test
  void decodingRejectsMoreThan256Entries() {
    byte[] bundle = new byte[2 * 257];
    assertProblem(bundle, Problem.TOO_MANY_ENTRIES, 256, 512);
  }

  @Test
  void decodingCanInsistOnTheExpectedWidth() throws Exception {
    byte[] bundle = EntryBundle.encode(List.of(new byte[1], new byte[2]));
    assertThat(EntryBundle.decode(bundle, 2)).hasSize(2);
    assertThatThrownBy(() -> EntryBundle.decode(bundle, 3))
        .isInstanceOfSatisfying(
            MalformedBundleException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.WRONG_COUNT))
        .hasMessageContaining("expected 3 entries, got 2");
  }

  @Test
  void encodeThenDecodeGivesBackTheEntries() {
    qt().forAll(EntryGen.entryLists(1, 256, 300))
        .checkAssert(
            entries -> {
              List<byte[]> decoded = decodeUnchecked(EntryBundle.encode(entries));
              assertThat(decoded).hasSameSizeAs(entries);
              for (int i = 0; i < entries.size(); i++) {
                assertThat(decoded.get(i)).as("entry %d", i).isEqualTo(entries.get(i));
              }
            });
  }

  @Test
  void everyCutThroughABundleIsEitherAnEntryBoundaryOrATypedError() {
    // A bundle cut at an entry boundary is a shorter, valid bundle; cut anywhere else, decoding
    // must fail with a truncation error rather than return fewer or garbled entries.
    qt().withExamples(200)
        .forAll(EntryGen.entryLists(1, 8, 6))
        .checkAssert(
            entries -> {
              byte[] bundle = EntryBundle.encode(entries);
              List<Integer> boundaries = new ArrayList<>();
              int offset = 0;
              for (byte[] entry : entries) {
                offset += 2 + entry.length;
                boundaries.add(offset);
              }
              for (int cut = 1; cut < bundle.length; cut++) {
                byte[] prefix = Arrays.copyOf(bundle, cut);
                int whole = boundaries.indexOf(cut);
                if (whole >= 0) {
                  assertThat(decodeUnchecked(prefix)).hasSize(whole + 1);
                } else {
                  assertThatThrownBy(() -> EntryBundle.decode(prefix))
                      .as("cut at %d", cut)
                      .isInstanceOfSatisfying(
                          MalformedBundleException.class,
                          e ->
                              assertThat(e.problem())
                                  .isIn(Problem.TRUNCATED_LENGTH, Problem.TRUNCATED_ENTRY));
                }
              }
            });
  }

  private static void assertProblem(byte[] bundle, Problem problem, int entry, int offset) {
    assertThatThrownBy(() -> EntryBundle.decode(bundle))
        .isInstanceOfSatisfying(
            MalformedBundleException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(problem);
              assertThat(e.entry()).as("entry").isEqualTo(entry);
              assertThat(e.offset()).as("offset").isEqualTo(offset);
            });
  }

  private static List<byte[]> decodeUnchecked(byte[] bundle) {
    try {
      return EntryBundle.decode(bundle);
    } catch (MalformedBundleException e) {
      throw new AssertionError(e);
    }
  }
}
