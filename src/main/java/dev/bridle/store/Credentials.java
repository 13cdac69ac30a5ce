package dev.bridle.store;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the store logs in to its database: H2's fixed embedded user, or for PostgreSQL a user and password taken from
 * the environment or a {@code ~/.pgpass}-style file, never from the store. A password written in the URL is moved out
 * of it before anything connects, so that no message, log line or window ever shows it.
 *
 * @param url the URL to connect to, without a password
 * @param user the user to log in as
 * @param password the password, or {@code null} to send none (trust, peer or certificate authentication)
 */
record Credentials(String url, String user, String password) {

    /** The environment variable Bridle reads a PostgreSQL password from first; then {@code PGPASSWORD}. */
    static final String PASSWORD_VARIABLE = "BRIDLE_DB_PASSWORD";

    private static final Pattern PASSWORD_PARAM = Pattern.compile("([?&;]password=)([^&;]*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern USER_PARAM = Pattern.compile("[?&]user=([^&]*)", Pattern.CASE_INSENSITIVE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** The credentials for {@code url} from this process's environment and the user's home folder. */
    static Credentials of(String url) {
        return of(url, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * The credentials for {@code url}. For PostgreSQL: the user is the URL's {@code user}, else {@code PGUSER}, else
     * the operating-system user (as {@code psql} does); the password is the URL's (moved out of it), else
     * {@value #PASSWORD_VARIABLE}, else {@code PGPASSWORD}, else the first matching line of the file named by
     * {@code PGPASSFILE}, else of {@code ~/.pgpass}.
     */
    static Credentials of(String url, Map<String, String> env, Path home) {
        if (Dialect.of(url) == Dialect.H2) {
            return new Credentials(url, "sa", "");
        }
        Matcher m = PASSWORD_PARAM.matcher(url);
        String inUrl = m.find() ? decode(m.group(2)) : null;
        String bare = stripPassword(url);
        Target target = Target.parse(bare);
        String user = target.user()
                .or(() -> present(env.get("PGUSER")))
                .orElse(System.getProperty("user.name"));
        String password = Optional.ofNullable(inUrl)
                .or(() -> present(env.get(PASSWORD_VARIABLE)))
                .or(() -> present(env.get("PGPASSWORD")))
                .or(() -> passFile(env, home).flatMap(f -> PgPass.read(f)
                        .lookup(target.host(), target.port(), target.database().orElse(user), user)))
                .orElse(null);
        return new Credentials(bare, user, password);
    }

    /** The connection properties for the JDBC driver. */
    Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    /** {@code text} with every password this store knows of, or that a URL in it carries, replaced by {@code ***}. */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = redact(text);
        // Too short a password would blank out ordinary letters of the message; such a password is no secret anyway.
        return password != null && password.length() >= 4 ? out.replace(password, "***") : out;
    }

    /** {@code url} with the value of a {@code password} parameter replaced by {@code ***}. */
    static String redact(String url) {
        return PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    }

    /** {@code url} without its {@code password} parameter. */
    static String stripPassword(String url) {
        String out = url.replaceAll("(?i)([?&])password=[^&;]*&", "$1").replaceAll("(?i)[&;]password=[^&;]*", "");
        // The only parameter: drop it with its question mark.
        return out.replaceAll("(?i)\\?password=[^&;]*$", "");
    }

    private static Optional<Path> passFile(Map<String, String> env, Path home) {
        Path file = present(env.get("PGPASSFILE")).map(Path::of).orElse(home.resolve(".pgpass"));
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        // As libpq does: a password file others can read is not trusted.
        try {
            if (!Collections.disjoint(Files.getPosixFilePermissions(file), GROUP_OR_OTHER)) {
                return Optional.empty();
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
        return Optional.of(file);
    }

    private static Optional<String> present(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Where a PostgreSQL URL points: its first host, port, database and user. */
    record Target(String host, int port, Optional<String> database, Optional<String> user) {

        static Target parse(String url) {
            String rest = url.substring("jdbc:postgresql:".length());
            int q = rest.indexOf('?');
            String query = q < 0 ? "" : rest.substring(q);
            String path = q < 0 ? rest : rest.substring(0, q);
            String host = "localhost";
            int port = 5432;
            String database = path;
            if (path.startsWith("//")) {
                int slash = path.indexOf('/', 2);
                String hosts = slash < 0 ? path.substring(2) : path.substring(2, slash);
                database = slash < 0 ? "" : path.substring(slash + 1);
                String first = hosts.split(",", -1)[0];
                int colon = first.startsWith("[") ? first.indexOf(':', first.indexOf(']')) : first.lastIndexOf(':');
                if (colon >= 0) {
                    port = Integer.parseInt(first.substring(colon + 1));
                    first = first.substring(0, colon);
                }
                if (!first.isEmpty()) {
                    host = first;
                }
            }
            Matcher u = USER_PARAM.matcher(query);
            return new Target(host, port, present(decode(database)), u.find() ? present(decode(u.group(1)))
                    : Optional.empty());
        }
    }

    /** A password file in libpq's format: {@code host:port:database:user:password}, {@code *} and backslash escapes. */
    record PgPass(List<List<String>> entries) {

        static PgPass read(Path file) {
            try {
                return parse(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return new PgPass(List.of());
            }
        }

        static PgPass parse(String text) {
            List<List<String>> entries = new ArrayList<>();
            for (String line : text.split("\r?\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> fields = fields(line);
                // Lines with fewer than five fields are skipped, as libpq skips them.
                if (fields.size() >= 5) {
                    entries.add(fields);
                }
            }
            return new PgPass(List.copyOf(entries));
        }

        /** The fields of a line: split at unescaped colons; {@code \:} is a colon, {@code \\} a backslash. */
        private static List<String> fields(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < line.length()) {
                    field.append(line.charAt(++i));
                } else if (c == ':' && out.size() < 4) {
                    out.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            out.add(field.toString());
            return out;
        }

        /** The password of the first entry that matches, {@code *} matching anything in the first four fields. */
        Optional<String> lookup(String host, int port, String database, String user) {
            String[] wanted = {host, Integer.toString(port), database, user};
            for (List<String> e : entries) {
                boolean match = true;
                for (int i = 0; i < 4 && match; i++) {
                    // Compared as written, as libpq does: "localhost" does not match "127.0.0.1".
                    match = e.get(i).equals("*") || e.get(i).equals(wanted[i]);
                }
                if (match) {
                    return Optional.of(e.get(4));
                }
            }
            return Optional.empty();
        }
    }
}
