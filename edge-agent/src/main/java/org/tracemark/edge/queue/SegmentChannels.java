package org.tracemark.edge.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * How a {@link DiskQueue} opens its segment files. Production code always uses {@link
 * #FILE_SYSTEM}; tests substitute channels that fail the way a full or dying disk does, to check
 * that such failures leave the queue consistent on file systems where they cannot be provoked.
 */
@FunctionalInterface
interface SegmentChannels {

  SegmentChannels FILE_SYSTEM = FileChannel::open;

  FileChannel open(Path file, OpenOption... options) throws IOException;
}
