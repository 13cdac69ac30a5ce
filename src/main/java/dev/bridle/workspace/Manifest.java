package dev.bridle.workspace;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a workspace held at one moment: relative path ({@code /}-separated, the workspace itself as {@code ""}) to
 * its {@link Entry}, sorted so that a folder comes before what it holds.
 */
public record Manifest(SortedMap<String, Entry> entries) {

    public Manifest {
        entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    /** The number of paths, the workspace folder included. */
    public int size() {
        return entries.size();
    }
}
