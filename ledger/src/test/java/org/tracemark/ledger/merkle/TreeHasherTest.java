package org.tracemark.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tracemark.ledger.EntryGen;
import org.tracemark.ledger.VectorFile;

class TreeHasherTest {

  private static final String TREE = "rfc6962-tree-8-leaves.txt";

  @Test
  void rootOfEveryPrefixOfTheReferenceTreeMatchesTheVectors() {
    List<byte[]> leaves = referenceLeaves();
    List<String[]> roots = records(TREE, "root");
    assertThat(roots).hasSize(9);
    for (String[] root : roots) {
      int size = Integer.parseInt(root[1]);
      assertThat(TreeHasher.rootHash(leaves.subList(0, size)))
          .as("MTH of the first %d reference leaves", size)
          .isEqualTo(Hash.fromHex(root[2]));
    }
  }

  @Test
  void everyCompleteSubtreeOfTheReferenceTreeMatchesTheVectors() {
    List<byte[]> leaves = referenceLeaves();
    List<String[]> nodes = records(TREE, "node");
    assertThat(nodes).hasSize(15);
    for (String[] node : nodes) {
      int level = Integer.parseInt(node[1]);
      int index = Integer.parseInt(node[2]);
      int width = 1 << level;
      Hash expected = Hash.fromHex(node[3]);
      assertThat(TreeHasher.rootHash(leaves.subList(index * width, (index + 1) * width)))
          .as("subtree at level %d index %d", level, index)
          .isEqualTo(expected);
      if (level == 0) {
        assertThat(TreeHasher.leafHash(leaves.get(index))).isEqualTo(expected);
      }
    }
  }

  @Test
  void nodeHashCombinesTheReferenceChildren() {
    // The level-1 vectors are node hashes of level-0 vectors, and so on up: checks nodeHash
    // directly, not only through rootHash.
    List<String[]> nodes = records(TREE, "node");
    for (String[] parent : nodes) {
      int level = Integer.parseInt(parent[1]);
      if (level == 0) {
        continue;
      }
      int index = Integer.parseInt(parent[2]);
      Hash left = nodeVector(nodes, level - 1, 2 * index);
      Hash right = nodeVector(nodes, level - 1, 2 * index + 1);
      assertThat(TreeHasher.nodeHash(left, right)).isEqualTo(Hash.fromHex(parent[3]));
    }
  }

  @Test
  void singleValueVectors() {
    String[] emptyRoot = records("rfc6962-leaf-hash.txt", "empty-root").get(0);
    assertThat(TreeHasher.EMPTY_ROOT).isEqualTo(Hash.fromHex(emptyRoot[1]));
    assertThat(TreeHasher.rootHash(List.of())).isEqualTo(TreeHasher.EMPTY_ROOT);
    for (String[] leaf : records("rfc6962-leaf-hash.txt", "leaf")) {
      byte[] entry =
          leaf[1].equals("-") ? new byte[0] : leaf[1].getBytes(StandardCharsets.US_ASCII);
      assertThat(TreeHasher.leafHash(entry)).isEqualTo(Hash.fromHex(leaf[2]));
    }
  }

  @Test
  void theEmptyEntryAndTheEmptyTreeHashDifferently() {
    assertThat(TreeHasher.leafHash(new byte[0])).isNotEqualTo(TreeHasher.EMPTY_ROOT);
  }

  @Test
  void aLeafCannotImpersonateTheNodeAboveTwoLeaves() {
    // Without the 0x00/0x01 prefixes, an entry equal to l ‖ r would hash like the node over l, r.
    Hash left = TreeHasher.leafHash("Hello".getBytes(StandardCharsets.US_ASCII));
    Hash right = TreeHasher.leafHash("World".getBytes(StandardCharsets.US_ASCII));
    byte[] concatenated = new byte[2 * Hash.LENGTH];
    System.arraycopy(left.bytes(), 0, concatenated, 0, Hash.LENGTH);
    System.arraycopy(right.bytes(), 0, concatenated, Hash.LENGTH, Hash.LENGTH);

    assertThat(TreeHasher.leafHash(concatenated)).isNotEqualTo(TreeHasher.nodeHash(left, right));
    assertThat(TreeHasher.nodeHash(left, right)).isNotEqualTo(TreeHasher.nodeHash(right, left));
  }

  @Test
  void rootSplitsAtTheLargestPowerOfTwoBelowTheSize() {
    // RFC 9162 §2.1.1: MTH(D[n]) = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])), k < n <= 2k.
    // TreeHasher builds the root bottom-up, so this checks it against the recursive definition.
    qt().forAll(EntryGen.entryLists(2, 300, 40))
        .checkAssert(
            entries -> {
              int n = entries.size();
              int k = Integer.highestOneBit(n - 1);
              assertThat(TreeHasher.rootHash(entries))
                  .isEqualTo(
                      TreeHasher.nodeHash(
                          TreeHasher.rootHash(entries.subList(0, k)),
                          TreeHasher.rootHash(entries.subList(k, n))));
            });
  }

  @Test
  void rootOfOneEntryIsItsLeafHash() {
    qt().forAll(EntryGen.entries(200))
        .checkAssert(
            entry ->
                assertThat(TreeHasher.rootHash(List.of(entry)))
                    .isEqualTo(TreeHasher.leafHash(entry)));
  }

  @Test
  void rootFromLeafHashesEqualsRootFromEntries() {
    qt().forAll(EntryGen.entryLists(0, 300, 40))
        .checkAssert(
            entries -> {
              List<Hash> leafHashes = entries.stream().map(TreeHasher::leafHash).toList();
              assertThat(TreeHasher.rootHashOfLeafHashes(leafHashes))
                  .isEqualTo(TreeHasher.rootHash(entries));
            });
  }

  @Test
  void changingAnyEntryChangesTheRoot() {
    qt().forAll(EntryGen.entryLists(1, 100, 20), EntryGen.entries(20))
        .checkAssert(
            (entries, replacement) -> {
              Hash root = TreeHasher.rootHash(entries);
              for (int i = 0; i < entries.size(); i++) {
                if (java.util.Arrays.equals(entries.get(i), replacement)) {
                  continue;
                }
                List<byte[]> changed = new ArrayList<>(entries);
                changed.set(i, replacement);
                assertThat(TreeHasher.rootHash(changed))
                    .as("entry %d replaced", i)
                    .isNotEqualTo(root);
              }
            });
  }

  private static List<byte[]> referenceLeaves() {
    List<String[]> leaves = records(TREE, "leaf");
    assertThat(leaves).hasSize(8);
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < leaves.size(); i++) {
      assertThat(leaves.get(i)[1]).isEqualTo(Integer.toString(i));
      String hex = leaves.get(i)[2];
      entries.add(hex.equals("-") ? new byte[0] : HexFormat.of().parseHex(hex));
    }
    return entries;
  }

  private static Hash nodeVector(List<String[]> nodes, int level, int index) {
    return nodes.stream()
        .filter(n -> Integer.parseInt(n[1]) == level && Integer.parseInt(n[2]) == index)
        .map(n -> Hash.fromHex(n[3]))
        .findFirst()
        .orElseThrow();
  }

  private static List<String[]> records(String file, String kind) {
    return VectorFile.records(file).stream().filter(r -> r[0].equals(kind)).toList();
  }
}
