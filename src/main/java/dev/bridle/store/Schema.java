package dev.bridle.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The store's schema, kept by the Flyway migrations in {@code db/migration}, which both databases run, and in
 * {@code db/vendor/h2} or {@code db/vendor/postgresql}, which only one does (Spring's {@code {vendor}} folders, chosen
 * here by the URL): an older store is migrated, a store written by a newer Bridle is refused before anything touches
 * it.
 */
final class Schema {

    static final String LOCATION = "classpath:db/migration";

    /** Where the migrations of one database only are; {@code vendor} is {@link Dialect#word()}. */
    static final String VENDOR_LOCATION = "classpath:db/vendor/";

    /**
     * The version of this build's newest migration, shared or of either vendor; {@code SchemaTest} checks it against
     * what Flyway finds, so that a new migration cannot be added without it.
     */
    static final String VERSION = "4";

    private Schema() {}

    /**
     * Migrates the store at {@code url} to this build's schema, or refuses a store from a newer build; connects with
     * {@code connectionUrl} ({@code url} with the store's settings) and names {@code url} in messages. A store already
     * at this build's schema is left as it is without starting Flyway, which scans the class path for migrations and
     * reads the schema twice: a third of the time a command took to open its store.
     */
    static void prepare(Connection open, String connectionUrl, Credentials login, String url) {
        if (current(open)) {
            return;
        }
        Flyway flyway = Flyway.configure()
                .dataSource(connectionUrl, login.user(), login.password())
                .locations(locations(connectionUrl))
                .javaMigrations(new EventBlocksMigration())
                .loggers("slf4j")
                .load();
        try {
            refuseNewer(url, flyway.info());
            flyway.migrate();
        } catch (FlywayException e) {
            throw new StoreException(
                    "cannot prepare the run store at " + url + ": " + login.scrub(RunStore.firstLine(e.getMessage())),
                    e);
        }
    }

    /**
     * Whether the store on {@code c} is at this build's schema: its history holds {@link #VERSION} as its newest
     * version and no failed migration. Anything else (no history yet, an older or newer schema, a failed migration,
     * a history this cannot read) is Flyway's to migrate, refuse or report.
     */
    static boolean current(Connection c) {
        MigrationVersion newest = null;
        // Flyway names its table in lower case and quotes it, on H2 as on PostgreSQL.
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\"")) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    return false;
                }
                String version = rs.getString(1);
                if (version != null) {
                    MigrationVersion v = MigrationVersion.fromVersion(version);
                    newest = newest == null || v.compareTo(newest) > 0 ? v : newest;
                }
            }
        } catch (SQLException | RuntimeException e) {
            return false;
        }
        return newest != null && newest.equals(MigrationVersion.fromVersion(VERSION));
    }

    /** The migrations of the store at {@code url}: the shared ones and its database's own. */
    static String[] locations(String url) {
        return new String[] {LOCATION, VENDOR_LOCATION + Dialect.of(url).word()};
    }

    /**
     * Flyway ignores applied migrations it does not know ("future" ones) by default; a store whose schema went past
     * this build's could hold tables and columns this build would misread, so it is refused with a way out.
     */
    private static void refuseNewer(String url, MigrationInfoService info) {
        MigrationInfo[] all = info.all();
        Optional<MigrationVersion> newest = Arrays.stream(all)
                .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS
                        || m.getState() == MigrationState.FUTURE_FAILED)
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder());
        if (newest.isEmpty()) {
            return;
        }
        String known = Arrays.stream(all)
                .filter(m -> m.getState().isResolved() && m.getVersion() != null)
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder())
                .map(MigrationVersion::getVersion)
                .orElse("0");
        throw new StoreException("the run store at " + url + " was written by a newer Bridle (schema version "
                + newest.get().getVersion() + "; this Bridle knows up to " + known
                + "): upgrade Bridle or use another --db", null);
    }
}
