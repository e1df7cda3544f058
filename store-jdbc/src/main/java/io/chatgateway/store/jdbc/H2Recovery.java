package io.chatgateway.store.jdbc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Properties;
import org.h2.engine.ConnectionInfo;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the last commits of an H2 file database whose process was killed, before H2 opens it.
 *
 * <p>Why: H2 2.x (checked up to 2.5.252) writes the store header, which tells where the newest chunk is, when a
 * chunk is not stored where the previous chunk predicted (free space is reused once {@code RETENTION_TIME} has
 * passed). But {@code RandomAccessStore.writeChunk} writes that header from {@code FileStore.lastChunk}, which
 * {@code FileStore.storeBuffer} sets to the new chunk only after {@code writeChunk} returned: the header names the
 * chunk <em>before</em> the one it was written for. After a kill, H2's quick recovery
 * ({@code RandomAccessStore.readStoreHeader}) starts at that older chunk, follows its {@code next} prediction
 * (which the new chunk did not take) and settles on the older chunk: the chunks written after it — up to about 20
 * commits, all of them already in the file — are dropped, and so are commits that had returned.
 *
 * <p>H2's own full scan ({@code MVStore.Builder.recoveryMode()}) finds the newest complete chunk set; closing the
 * store then writes a correct header with the clean-shutdown mark, and H2 opens the database normally from there.
 * This runs only when the header lacks that mark (the last process did not close the database) and nobody holds
 * the file (a running process owns its database: nothing to recover then). It reads the whole file once.
 */
final class H2Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(H2Recovery.class);
    /** H2's store header: two copies, one per 4 KiB block at the start of the file. */
    private static final int HEADER_BYTES = 2 * 4096;

    private H2Recovery() {
    }

    /**
     * Recovers the newest commits of the file database behind {@code url} when its last process did not close it
     * (see the class comment). Does nothing for memory, remote, encrypted or read-only databases, for a file that
     * does not exist yet, or when another process has the database open.
     *
     * @param url an H2 JDBC URL
     * @return whether a recovery ran
     */
    static boolean recoverIfKilled(String url) {
        String upper = url.toUpperCase(Locale.ROOT);
        if (upper.contains("CIPHER=") || upper.contains("ACCESS_MODE_DATA=R;") || upper.endsWith("ACCESS_MODE_DATA=R")
                || upper.contains("FILE_LOCK=NO")) {
            return false; // no key for the file, not ours to write, or no lock to tell whether it is in use
        }
        Path file;
        try {
            ConnectionInfo info = new ConnectionInfo(url, new Properties(), "", "");
            if (!info.isPersistent() || info.isRemote()) {
                return false;
            }
            file = Path.of(info.getName() + ".mv.db");
        } catch (RuntimeException e) {
            return false; // H2 says what is wrong with the URL when it connects
        }
        if (!Files.isRegularFile(file) || closedCleanly(file)) {
            return false;
        }
        long started = System.nanoTime();
        try {
            MVStore store = new MVStore.Builder().fileName(file.toString()).recoveryMode().autoCommitDisabled().open();
            long version = store.getCurrentVersion();
            store.close(); // writes the header: newest chunk, clean shutdown
            LOG.info("H2 file {} was not closed by its last process: recovered its newest commits (version {}) in {} ms",
                    file, version, (System.nanoTime() - started) / 1_000_000);
            return true;
        } catch (MVStoreException e) {
            if (e.getErrorCode() != DataUtils.ERROR_FILE_LOCKED) {
                LOG.warn("H2 file {} was not closed by its last process and the scan for its newest commits failed;"
                        + " H2 opens it on its own: {}", file, e.getMessage());
            }
            return false;
        }
    }

    /** @return whether both header copies carry H2's clean-shutdown mark ({@code clean:1}) and agree */
    static boolean closedCleanly(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read both header blocks
            }
            if (buffer.hasRemaining()) {
                return true; // not even a header yet: nothing H2 could lose
            }
            String first = headerLine(buffer.array(), 0);
            String second = headerLine(buffer.array(), HEADER_BYTES / 2);
            return first.equals(second) && ("," + first + ",").contains(",clean:1,");
        } catch (IOException e) {
            return true; // unreadable: leave it to H2, which reports it when it opens the file
        }
    }

    private static String headerLine(byte[] bytes, int from) {
        int end = from;
        while (end < from + HEADER_BYTES / 2 && bytes[end] != '\n' && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, from, end - from, StandardCharsets.ISO_8859_1);
    }
}
