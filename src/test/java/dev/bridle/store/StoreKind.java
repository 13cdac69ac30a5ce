package dev.bridle.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The two databases the store runs on, for tests that run once on each: an H2 file and the test PostgreSQL. */
public enum StoreKind {
    H2,
    POSTGRESQL;

    private static final Map<Path, String> DATABASES = new ConcurrentHashMap<>();

    /**
     * The URL of store {@code name} of a test whose temporary folder is {@code dir}: an H2 file there, or a fresh
     * PostgreSQL database, the same one for the same folder and name (so a test can close and reopen it).
     */
    public String url(Path dir, String name) {
        return switch (this) {
            case H2 -> RunStore.fileUrl(dir.resolve(name));
            case POSTGRESQL -> DATABASES.computeIfAbsent(dir.resolve(name).toAbsolutePath(),
                    p -> TestPostgres.freshUrl());
        };
    }

    public String url(Path dir) {
        return url(dir, "runs");
    }
}
