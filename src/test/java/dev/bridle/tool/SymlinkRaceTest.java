package dev.bridle.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.access.PathScope;
import dev.bridle.model.ToolCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A thread swaps a file, or a folder, for a symlink to the outside and back while fs.read runs again and again. */
class SymlinkRaceTest {

    private static final int READS = 20_000;

    @TempDir
    Path temp;

    private interface Swap {
        void once(int i) throws IOException;
    }

    private int[] race(String path, Swap swap) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        Thread swapper = new Thread(() -> {
            int i = 0;
            while (!stop.get()) {
                try {
                    swap.once(i);
                    swaps.incrementAndGet();
                    if (i % 31 == 0) {
                        // now and then hold a state for a moment (31 is odd, so both states get held), so that on a
                        // busy machine the reader still meets each of them
                        Thread.sleep(1);
                    }
                    i++;
                } catch (IOException e) {
                    // a reader may hold the folder for a moment; try again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
        swapper.start();
        FsRead read = new FsRead(PathScope.of(temp.resolve("ws")));
        int ok = 0;
        int refused = 0;
        try {
            // read at least READS times, and on until both outcomes were seen (a busy machine can starve one of them)
            for (int i = 0; i < READS || (i < 10 * READS && (ok == 0 || refused == 0)); i++) {
                ToolResult result = read.call("a", new ToolCall("fs.read", "{\"path\":\"" + path + "\"}"));
                assertThat(result.output()).as("read %d", i).doesNotContain("OUTSIDE");
                if (result.ok()) {
                    ok++;
                } else {
                    refused++;
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        return new int[] {ok, refused, swaps.get()};
    }

    @Test
    void fileSwappedForASymlinkNeverYieldsTheOutsideFile() throws Exception {
        Path ws = Files.createDirectories(temp.resolve("ws"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "OUTSIDE");
        Path target = ws.resolve("target.txt");
        Files.writeString(target, "INSIDE");
        Path staged = ws.resolve(".staged");
        int[] counts = race("target.txt", i -> {
            Files.deleteIfExists(staged);
            if (i % 2 == 0) {
                Files.createSymbolicLink(staged, outside.resolve("secret.txt"));
            } else {
                Files.writeString(staged, "INSIDE");
            }
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        });
        assertThat(counts[0]).as("reads that saw the inside file").isPositive();
        assertThat(counts[1]).as("reads refused").isPositive();
        assertThat(counts[2]).as("swaps").isGreaterThan(10);
    }

    @Test
    void folderSwappedForASymlinkNeverYieldsTheOutsideFile() throws Exception {
        Path ws = Files.createDirectories(temp.resolve("ws"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("f.txt"), "OUTSIDE");
        Path dir = Files.createDirectories(ws.resolve("dir"));
        Files.writeString(dir.resolve("f.txt"), "INSIDE");
        Path parked = ws.resolve(".parked");
        int[] counts = race("dir/f.txt", i -> {
            if (Files.isSymbolicLink(dir)) {
                Files.delete(dir);
                Files.move(parked, dir, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.move(dir, parked, StandardCopyOption.ATOMIC_MOVE);
                Files.createSymbolicLink(dir, outside);
            }
        });
        assertThat(counts[0]).as("reads that saw the inside file").isPositive();
        assertThat(counts[1]).as("reads refused").isPositive();
        assertThat(counts[2]).as("swaps").isGreaterThan(10);
    }
}
