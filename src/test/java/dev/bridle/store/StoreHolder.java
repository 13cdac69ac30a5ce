package dev.bridle.store;

import java.io.IOException;

/**
 * A child process that opens the store at its first argument as the workbench does, says {@code open}, and keeps it
 * open until its standard input closes: the process that holds an H2 file, which others reach through its
 * {@code AUTO_SERVER}.
 */
public final class StoreHolder {

    private StoreHolder() {}

    public static void main(String[] args) throws IOException {
        try (RunStore store = RunStore.open(args[0])) {
            System.out.println("open");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test to close our input
            }
        }
    }
}
