package org.chiso.jobs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.chiso.io.Fs;

/**
 * The lock of an output folder: {@code <warehouse>/_lock}, an operating-system file lock (released however the
 * process ends), holding the command, process and start time of its holder for the message a second command
 * prints.
 */
final class WarehouseLock {
    static final String LOCK = "_lock";
    /** The locks this JVM holds, by lock file, with a hold count. */
    private static final Map<String, Held> LOCKS = new HashMap<>();

    private WarehouseLock() {}

    private static final class Held {
        final FileChannel channel;
        final FileLock lock;
        int count;

        Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }
    }

    /**
     * Takes the lock of a warehouse folder for a command, or stops with a message naming the command that holds it.
     * Re-entrant within a process. On a file system that is not local there is no lock (said in the README).
     */
    static void lock(Fs fs, String root, String command) throws IOException {
        Path p = fs.path(Fs.child(root, LOCK));
        if (!"file".equals(p.toUri().getScheme())) {
            return;
        }
        String key = p.toString();
        synchronized (LOCKS) {
            Held h = LOCKS.get(key);
            if (h != null) {
                h.count++;
                return;
            }
            java.nio.file.Path file = java.nio.file.Path.of(p.toUri());
            java.nio.file.Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                String holder;
                try {
                    holder = java.nio.file.Files.readString(file, StandardCharsets.UTF_8)
                            .trim();
                } catch (IOException e) {
                    holder = "";
                }
                ch.close();
                throw new WarehouseStateException("the warehouse "
                        + Fs.display(p.getParent().toString())
                        + " is in use by another workbench command" + (holder.isEmpty() ? "" : " (" + holder + ")")
                        + ": wait until it ends, or use another --out");
            }
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap(String.format(
                            Locale.ROOT,
                            "%s, process %d, since %s",
                            command,
                            ProcessHandle.current().pid(),
                            Instant.now())
                    .getBytes(StandardCharsets.UTF_8)));
            Held h2 = new Held(ch, l);
            h2.count = 1;
            LOCKS.put(key, h2);
        }
    }

    /** Gives back one hold of the lock; the last one releases it. */
    static void unlock(Fs fs, String root) throws IOException {
        Path p = fs.path(Fs.child(root, LOCK));
        synchronized (LOCKS) {
            Held h = LOCKS.get(p.toString());
            if (h == null) {
                return;
            }
            if (--h.count == 0) {
                LOCKS.remove(p.toString());
                h.lock.release();
                h.channel.close();
            }
        }
    }
}
