package dev.bridle.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the store's PostgreSQL login comes from, and that no password ever shows in a message. */
class CredentialsTest {

    @TempDir
    Path home;

    @Test
    void aPasswordFileIsReadAsLibpqReadsIt() {
        Credentials.PgPass file = Credentials.PgPass.parse("""
                # comment
                db.example.com:5432:runs:alice:first
                db.example.com:5432:runs:alice:second
                short:line
                *:*:*:bob:wild\\:card\\\\pass
                we\\:ird\\:host:6543:*:carol:p:with:colons
                """);
        assertThat(file.lookup("db.example.com", 5432, "runs", "alice")).contains("first");
        assertThat(file.lookup("db.example.com", 5433, "runs", "alice")).isEmpty();
        assertThat(file.lookup("anywhere", 1, "any", "bob")).contains("wild:card\\pass");
        assertThat(file.lookup("we:ird:host", 6543, "x", "carol")).contains("p:with:colons");
        assertThat(file.lookup("DB.example.com", 5432, "runs", "alice")).as("compared as written").isEmpty();
    }

    @Test
    void thePasswordComesFromTheUrlThenBridleThenPgpasswordThenTheFile() throws Exception {
        Path pgpass = home.resolve("pass");
        Files.writeString(pgpass, "h:5432:runs:alice:from-file\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        String url = "jdbc:postgresql://h/runs?user=alice";
        Map<String, String> all = Map.of("BRIDLE_DB_PASSWORD", "from-bridle", "PGPASSWORD", "from-pg",
                "PGPASSFILE", pgpass.toString());
        assertThat(Credentials.of(url + "&password=from-url", all, home).password()).isEqualTo("from-url");
        assertThat(Credentials.of(url, all, home).password()).isEqualTo("from-bridle");
        assertThat(Credentials.of(url, Map.of("PGPASSWORD", "from-pg", "PGPASSFILE", pgpass.toString()), home)
                .password()).isEqualTo("from-pg");
        assertThat(Credentials.of(url, Map.of("PGPASSFILE", pgpass.toString()), home).password())
                .isEqualTo("from-file");
        assertThat(Credentials.of(url, Map.of(), home).password()).as("no ~/.pgpass").isNull();
        Files.copy(pgpass, home.resolve(".pgpass"));
        assertThat(Credentials.of(url, Map.of(), home).password()).as("~/.pgpass").isEqualTo("from-file");
        // PGUSER when the URL names nobody; the file is then looked up for that user.
        assertThat(Credentials.of("jdbc:postgresql://h/runs", Map.of("PGUSER", "alice"), home))
                .extracting(Credentials::user, Credentials::password).containsExactly("alice", "from-file");
    }

    @Test
    void aPasswordFileOthersCanReadIsIgnored() throws Exception {
        Path pgpass = home.resolve(".pgpass");
        Files.writeString(pgpass, "*:*:*:*:secret\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Credentials.of("jdbc:postgresql://h/runs", Map.of(), home).password()).isNull();
    }

    @Test
    void aPasswordInTheUrlIsMovedOutOfItAndNeverShown() {
        Credentials c = Credentials.of("jdbc:postgresql://h:5433/runs?password=s3cret-pw&user=alice&ssl=true",
                Map.of(), home);
        assertThat(c.url()).isEqualTo("jdbc:postgresql://h:5433/runs?user=alice&ssl=true");
        assertThat(c.password()).isEqualTo("s3cret-pw");
        assertThat(Credentials.stripPassword("jdbc:postgresql://h/runs?user=a&password=x")).isEqualTo(
                "jdbc:postgresql://h/runs?user=a");
        assertThat(Credentials.stripPassword("jdbc:postgresql://h/runs?password=x")).isEqualTo(
                "jdbc:postgresql://h/runs");
        assertThat(Credentials.redact("jdbc:postgresql://h/runs?user=a&password=x&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/runs?user=a&password=***&ssl=true");
        assertThat(c.scrub("FATAL: it was s3cret-pw")).isEqualTo("FATAL: it was ***");
    }

    @Test
    void theStoreLogsInWithThePasswordFromTheFileAndAWrongOneFailsWithoutShowingIt() throws Exception {
        TestPostgres pg = TestPostgres.server();
        pg.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'alice') THEN"
                + " CREATE ROLE alice LOGIN PASSWORD 'correct horse'; END IF; END $$");
        String db = TestPostgres.freshUrl();
        String name = db.substring(db.lastIndexOf('/') + 1, db.indexOf('?'));
        pg.execute("ALTER DATABASE " + name + " OWNER TO alice");
        Path pgpass = home.resolve("pgpass");
        Files.writeString(pgpass, "127.0.0.1:" + pg.port() + ":" + name + ":alice:correct horse\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        String url = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + name + "?user=alice";

        Credentials fromFile = Credentials.of(url, Map.of("PGPASSFILE", pgpass.toString()), home);
        try (Connection c = DriverManager.getConnection(fromFile.url(), fromFile.properties())) {
            assertThat(c.isValid(5)).isTrue();
        }
        Credentials none = Credentials.of(url, Map.of(), home);
        assertThatThrownBy(() -> DriverManager.getConnection(none.url(), none.properties()))
                .isInstanceOf(SQLException.class);

        assertThatThrownBy(() -> RunStore.open(url + "&password=hunter2-wrong"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("password=***")
                .hasMessageNotContaining("hunter2-wrong")
                .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain("hunter2-wrong"));
        try (RunStore store = RunStore.open(url + "&password=correct%20horse")) {
            assertThat(store.url()).isEqualTo(url + "&password=***");
            assertThat(store.runs()).isEmpty();
        }
    }
}
