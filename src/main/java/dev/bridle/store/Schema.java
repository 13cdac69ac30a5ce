package dev.bridle.store;

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

    private Schema() {}

    /**
     * Migrates the store at {@code url} to this build's schema, or refuses a store from a newer build; connects with
     * {@code connectionUrl} ({@code url} with the store's settings) and names {@code url} in messages.
     */
    static void prepare(String connectionUrl, Credentials login, String url) {
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
