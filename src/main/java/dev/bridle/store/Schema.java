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
 * The store's schema, kept by the Flyway migrations in {@code db/migration}: an older store is migrated, a store
 * written by a newer Bridle is refused before anything touches it.
 */
final class Schema {

    static final String LOCATION = "classpath:db/migration";

    private Schema() {}

    /**
     * Migrates the store at {@code url} to this build's schema, or refuses a store from a newer build; connects with
     * {@code connectionUrl} ({@code url} with the store's settings) and names {@code url} in messages.
     */
    static void prepare(String connectionUrl, String url) {
        Flyway flyway = Flyway.configure()
                .dataSource(connectionUrl, "sa", "")
                .locations(LOCATION)
                .loggers("slf4j")
                .load();
        try {
            refuseNewer(url, flyway.info());
            flyway.migrate();
        } catch (FlywayException e) {
            throw new StoreException(
                    "cannot prepare the run store at " + url + ": " + RunStore.firstLine(e.getMessage()), e);
        }
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
