package org.tracemark.edge.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Segment channels over real files that fail the way a full disk does: a write budget shared by all
 * segments (the free space), after which writes stop part-way and then throw {@code No space left
 * on device}; and switches to make fsync (delayed allocation reports a full disk there) or truncate
 * fail. Also counts fsyncs, to check what each {@link FsyncPolicy} does.
 */
final class FaultyChannels implements SegmentChannels {

  static final String NO_SPACE = "No space left on device";

  final AtomicLong freeBytes = new AtomicLong(Long.MAX_VALUE);
  final AtomicInteger forces = new AtomicInteger();
  volatile boolean failForce;
  volatile boolean failTruncate;

  @Override
  public FileChannel open(Path file, OpenOption... options) throws IOException {
    return new Channel(FileChannel.open(file, options));
  }

  private final class Channel extends FileChannel {
    private final FileChannel file;

    Channel(FileChannel file) {
      this.file = file;
    }

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
      long free = freeBytes.get();
      if (free <= 0) {
        throw new IOException(NO_SPACE);
      }
      if (source.remaining() <= free) {
        int written = file.write(source, position);
        freeBytes.addAndGet(-written);
        return written;
      }
      // Like the kernel: write what fits, report that much; the next call fails.
      ByteBuffer part = source.slice().limit((int) free);
      int written = file.write(part, position);
      source.position(source.position() + written);
      freeBytes.addAndGet(-written);
      return written;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      forces.incrementAndGet();
      if (failForce) {
        throw new IOException(NO_SPACE);
      }
      file.force(metaData);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      if (failTruncate) {
        throw new IOException("Input/output error");
      }
      long before = file.size();
      file.truncate(size);
      freeBytes.addAndGet(Math.max(0, before - file.size()));
      return this;
    }

    @Override
    public int read(ByteBuffer destination, long position) throws IOException {
      return file.read(destination, position);
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
      return file.read(destination);
    }

    @Override
    public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
      return file.read(destinations, offset, length);
    }

    @Override
    public int write(ByteBuffer source) {
      throw new UnsupportedOperationException("the queue writes at explicit positions");
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) {
      throw new UnsupportedOperationException("the queue writes at explicit positions");
    }

    @Override
    public long position() throws IOException {
      return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      file.position(newPosition);
      return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long transferFrom(ReadableByteChannel source, long position, long count) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException();
    }

    @Override
    protected void implCloseChannel() throws IOException {
      file.close();
    }
  }
}
