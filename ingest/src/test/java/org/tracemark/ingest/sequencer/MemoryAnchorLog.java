package org.tracemark.ingest.sequencer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * An {@link AnchorLog} in memory for unit tests, with the failures the real one can have: an append
 * that does not land, and one that lands but whose index rows do not (a crash between the two), so
 * {@link #recover()} must rebuild the index from the entries.
 */
public final class MemoryAnchorLog implements AnchorLog {

  public enum Fault {
    NONE,
    NOT_LANDED,
    LANDED_WITHOUT_INDEX
  }

  final List<byte[]> entries = new ArrayList<>();
  final List<AnchoredRange> index = new ArrayList<>();
  private int indexedSize;
  final AtomicInteger failuresLeft = new AtomicInteger();
  volatile Fault fault = Fault.NONE;
  final AtomicInteger appends = new AtomicInteger();

  @Override
  public synchronized long append(List<Anchor> anchors) throws Exception {
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      if (fault == Fault.NOT_LANDED) {
        throw new java.sql.SQLException("connection refused");
      }
      anchors.forEach(a -> entries.add(a.entry()));
      throw new java.sql.SQLException("connection reset after the ledger commit");
    }
    long first = entries.size();
    for (Anchor anchor : anchors) {
      entries.add(anchor.entry());
      index.add(AnchoredRange.of(anchor));
    }
    indexedSize = entries.size();
    appends.incrementAndGet();
    return first;
  }

  @Override
  public synchronized void recover() {
    for (int i = indexedSize; i < entries.size(); i++) {
      AnchoredRange.of(entries.get(i)).ifPresent(index::add);
    }
    indexedSize = entries.size();
  }

  @Override
  public synchronized void recent(int ranges, int boots, RangeSink sink) {
    Map<String, Map<Long, List<AnchoredRange>>> byDevice =
        index.stream()
            .collect(
                Collectors.groupingBy(
                    AnchoredRange::device,
                    Collectors.groupingBy(AnchoredRange::boot, TreeMap::new, Collectors.toList())));
    byDevice.forEach(
        (device, byBoot) ->
            ((TreeMap<Long, List<AnchoredRange>>) byBoot)
                .descendingMap().entrySet().stream()
                    .limit(boots)
                    .forEach(
                        boot ->
                            boot.getValue().stream()
                                .sorted(
                                    Comparator.comparingLong(AnchoredRange::firstSeq).reversed())
                                .limit(ranges)
                                .sorted(Comparator.comparingLong(AnchoredRange::firstSeq))
                                .forEach(
                                    r ->
                                        sink.range(
                                            r.device(),
                                            r.boot(),
                                            r.firstSeq(),
                                            r.lastSeq(),
                                            r.sha256()))));
  }

  /** How often each (dev, boot, seq) is in the entries. */
  public synchronized Map<String, Integer> anchoredReadings() {
    Map<String, Integer> counts = new TreeMap<>();
    for (byte[] entry : entries) {
      AnchoredRange r = AnchoredRange.of(entry).orElseThrow();
      for (long s = r.firstSeq(); s <= r.lastSeq(); s++) {
        counts.merge(r.device() + "/" + r.boot() + "/" + s, 1, Integer::sum);
      }
    }
    return counts;
  }
}
