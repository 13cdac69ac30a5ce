package dev.bridle.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Notices that files were changed or deleted by another program while they are open. It watches the folders of the
 * files it is given (a {@link WatchService}, on a daemon thread), waits until a burst of events has been quiet for
 * {@link #QUIET}, and then reports, in one call, every watched file whose content is no longer what the program last
 * read or wrote: the program says what that is with {@link #watch}, so its own saves are not reported.
 *
 * <p>{@link #watch} and {@link #unwatch} may be called from any thread; the listener is called on the watch thread.
 */
public final class FileWatch implements AutoCloseable {

    /** How long a burst of events must have been quiet before the files it touched are looked at. */
    public static final Duration QUIET = Duration.ofMillis(200);
    /** A burst that never goes quiet is looked at after this long anyway. */
    public static final Duration LONGEST_BURST = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(FileWatch.class.getName());
    /** The fingerprint of a file that is not there. */
    private static final String ABSENT = "";

    /**
     * A watched file that no longer holds what the program expects.
     *
     * @param deleted whether it is gone (or can no longer be read as a file)
     */
    public record Change(Path file, boolean deleted) {}

    private final WatchService service;
    private final Duration quiet;
    private final Duration longest;
    private final Consumer<List<Change>> listener;
    /** Watched files (absolute, normalized) and the fingerprint of what they should hold. */
    private final Map<Path, String> expected = new ConcurrentHashMap<>();
    /** Watched folders, with their key and how many watched files are in each. Guarded by {@code this}. */
    private final Map<Path, Folder> folders = new HashMap<>();
    private final AtomicLong bursts = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    private record Folder(WatchKey key, int files) {}

    FileWatch(WatchService service, Duration quiet, Duration longest, Consumer<List<Change>> listener) {
        this.service = service;
        this.quiet = quiet;
        this.longest = longest;
        this.listener = listener;
        this.thread = new Thread(this::loop, "bridle-file-watch");
        thread.setDaemon(true);
    }

    /**
     * Starts watching (nothing yet): {@code listener} hears of the changed files of each burst, once per burst.
     *
     * @throws IOException when the platform gives no watch service (too many watches, for instance)
     */
    public static FileWatch start(Consumer<List<Change>> listener) throws IOException {
        return start(QUIET, listener);
    }

    /** As {@link #start(Consumer)}, with another quiet period. */
    public static FileWatch start(Duration quiet, Consumer<List<Change>> listener) throws IOException {
        FileWatch watch = new FileWatch(FileSystems.getDefault().newWatchService(), quiet, LONGEST_BURST, listener);
        watch.thread.start();
        return watch;
    }

    /**
     * Watches {@code file}, which should hold {@code content} ({@code null}: should not exist). Call it again after
     * every read or write of the file by the program itself.
     */
    public void watch(Path file, String content) {
        Path key = key(file);
        String print = content == null ? ABSENT : fingerprint(content.getBytes(StandardCharsets.UTF_8));
        if (expected.put(key, print) == null) {
            register(key.getParent());
        }
    }

    /** Stops watching {@code file}; its folder too, when no other watched file is in it. */
    public void unwatch(Path file) {
        Path key = key(file);
        if (expected.remove(key) != null) {
            unregister(key.getParent());
        }
    }

    /** Whether {@code file} is watched. */
    public boolean watches(Path file) {
        return expected.containsKey(key(file));
    }

    /** How many bursts that touched a watched file have been looked at; a test waits on it. */
    public long bursts() {
        return bursts.get();
    }

    /** Stops the watch thread and releases the watch service. */
    @Override
    public void close() {
        closed = true;
        try {
            service.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot close the file watch: " + e.getMessage());
        }
    }

    /**
     * Which of {@code touched} no longer hold what they should, looking at the disk now. A change is reported once:
     * what the file holds now becomes what it should hold, until the program says otherwise.
     */
    List<Change> changesAmong(Collection<Path> touched) {
        List<Change> out = new ArrayList<>();
        touched.stream().map(FileWatch::key).distinct().sorted().forEach(file -> {
            String should = expected.get(file);
            if (should == null) {
                return;
            }
            String now = fingerprintOnDisk(file);
            if (!now.equals(should) && expected.replace(file, should, now)) {
                out.add(new Change(file, now.equals(ABSENT)));
            }
        });
        return out;
    }

    private synchronized void register(Path folder) {
        Folder f = folders.get(folder);
        if (f != null) {
            folders.put(folder, new Folder(f.key(), f.files() + 1));
            return;
        }
        try {
            WatchKey key = folder.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            folders.put(folder, new Folder(key, 1));
        } catch (IOException | ClosedWatchServiceException e) {
            // The folder is gone or cannot be watched: the window's focus check still notices changes.
            folders.put(folder, new Folder(null, 1));
            LOG.log(System.Logger.Level.WARNING, "cannot watch " + folder + ": " + e.getMessage());
        }
    }

    private synchronized void unregister(Path folder) {
        Folder f = folders.get(folder);
        if (f == null) {
            return;
        }
        if (f.files() > 1) {
            folders.put(folder, new Folder(f.key(), f.files() - 1));
            return;
        }
        folders.remove(folder);
        if (f.key() != null) {
            f.key().cancel();
        }
    }

    private void loop() {
        Burst burst = new Burst(quiet.toNanos(), longest.toNanos());
        while (!closed) {
            WatchKey key;
            try {
                long wait = burst.waitNanos(System.nanoTime());
                key = wait < 0 ? service.take() : service.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            if (key != null) {
                Path folder = (Path) key.watchable();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        // Events were lost: every watched file of the folder may have changed.
                        expected.keySet().stream().filter(p -> folder.equals(p.getParent()))
                                .forEach(p -> burst.touch(p, System.nanoTime()));
                    } else if (event.context() instanceof Path name) {
                        burst.touch(folder.resolve(name), System.nanoTime());
                    }
                }
                key.reset();
            }
            var over = burst.takeIfOver(System.nanoTime());
            if (over.stream().map(FileWatch::key).anyMatch(expected::containsKey)) {
                report(changesAmong(over));
                bursts.incrementAndGet();
            }
        }
    }

    private void report(List<Change> changes) {
        if (changes.isEmpty() || closed) {
            return;
        }
        try {
            listener.accept(List.copyOf(changes));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the file watch's listener failed: " + e);
        }
    }

    private static Path key(Path file) {
        return Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    }

    private static String fingerprintOnDisk(Path file) {
        try {
            return Files.isRegularFile(file) ? fingerprint(Files.readAllBytes(file)) : ABSENT;
        } catch (NoSuchFileException e) {
            return ABSENT;
        } catch (IOException e) {
            // Unreadable for now (another program holds it): unlike anything expected, so it is reported as changed.
            return "unreadable";
        }
    }

    private static String fingerprint(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
